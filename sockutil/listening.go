package sockutil

import (
	"net/netip"

	"golang.org/x/sys/unix"
)

// ListeningLine starts the line the server writes to standard error with
// -port 0, once it listens: "server: listening on 127.0.0.1:PORT". Tests
// and scripts wait for it (sockettest.ParseListening reads it).
const ListeningLine = "server: listening on "

// AddrPort turns what getsockname(2) or accept(2) returns back into an
// address and port, for the readiness line and messages.
func AddrPort(sa unix.Sockaddr) netip.AddrPort {
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		return netip.AddrPortFrom(netip.AddrFrom4(sa.Addr), uint16(sa.Port))
	case *unix.SockaddrInet6:
		return netip.AddrPortFrom(netip.AddrFrom16(sa.Addr), uint16(sa.Port))
	}
	return netip.AddrPort{}
}

// Inet4 is ip's four bytes, in network order, as struct sockaddr_in holds
// them, for unix.SockaddrInet4; zero for an IPv6 address, which takes a
// struct sockaddr_in6 instead.
func Inet4(ip netip.Addr) [4]byte {
	if ip.Is4() {
		return ip.As4()
	}
	return [4]byte{}
}

// Family is the domain for socket(2): inet, the tutorial's AF_INET, or
// AF_INET6 for an IPv6 ip (ipv6(7)), which takes the same steps.
func Family(ip netip.Addr, inet int) int {
	if ip.Is6() {
		return unix.AF_INET6
	}
	return inet
}

// Sockaddr6 is ip and port as struct sockaddr_in6 (ipv6(7)), for an IPv6
// -ip.
func Sockaddr6(ip netip.Addr, port int) unix.Sockaddr {
	return &unix.SockaddrInet6{Addr: ip.As16(), Port: port}
}
