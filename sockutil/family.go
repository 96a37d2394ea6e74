package sockutil

import (
	"net/netip"

	"golang.org/x/sys/unix"
)

// The address family, for the tools and tests (sockutil/process). The
// tutorial is IPv4 only: its programs make an AF_INET socket and fill a
// struct sockaddr_in. An IPv6 -ip takes the same steps with AF_INET6 and a
// struct sockaddr_in6 (ipv6(7)). server/ and client/ write that choice out
// in main.go, beside the tutorial's lines, rather than call these.

// Family returns the domain for socket(2): AF_INET for an IPv4 address, as
// the tutorial has it, AF_INET6 for an IPv6 one.
func Family(ip netip.Addr) int {
	if ip.Is4() {
		return unix.AF_INET
	}
	return unix.AF_INET6
}

// Sockaddr returns the address that bind(2) or connect(2) takes: for IPv4,
// &unix.SockaddrInet4{Addr: ip.As4(), Port: port}, the C's struct
// sockaddr_in, whose sin_family and htons(port) x/sys/unix fills in when it
// makes the call; for IPv6, a *unix.SockaddrInet6, struct sockaddr_in6.
func Sockaddr(ip netip.Addr, port int) unix.Sockaddr {
	if ip.Is4() {
		return &unix.SockaddrInet4{Addr: ip.As4(), Port: port}
	}
	return &unix.SockaddrInet6{Addr: ip.As16(), Port: port}
}

// AddrPort turns what getsockname(2) or accept(2) returns back into an
// address and port, for messages.
func AddrPort(sa unix.Sockaddr) netip.AddrPort {
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		return netip.AddrPortFrom(netip.AddrFrom4(sa.Addr), uint16(sa.Port))
	case *unix.SockaddrInet6:
		return netip.AddrPortFrom(netip.AddrFrom16(sa.Addr), uint16(sa.Port))
	}
	return netip.AddrPort{}
}
