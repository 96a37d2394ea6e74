package lab

import (
	"net/netip"

	"golang.org/x/sys/unix"
)

// The address family, for the tools and tests. The
// tutorial is IPv4 only: its programs make an AF_INET socket and fill a
// struct sockaddr_in. An IPv6 -ip takes the same steps with AF_INET6 and a
// struct sockaddr_in6 (ipv6(7)). server/ and client/ write that choice out
// in main.go, beside the tutorial's lines, rather than call these.

// family returns the domain for socket(2): AF_INET for an IPv4 address, as
// the tutorial has it, AF_INET6 for an IPv6 one.
func family(ip netip.Addr) int {
	if ip.Is4() {
		return unix.AF_INET
	}
	return unix.AF_INET6
}

// sockaddr returns the address that bind(2) or connect(2) takes: for IPv4,
// &unix.SockaddrInet4{Addr: ip.As4(), Port: port}, the C's struct
// sockaddr_in, whose sin_family and htons(port) x/sys/unix fills in when it
// makes the call; for IPv6, a *unix.SockaddrInet6, struct sockaddr_in6.
func sockaddr(ip netip.Addr, port int) unix.Sockaddr {
	if ip.Is4() {
		return &unix.SockaddrInet4{Addr: ip.As4(), Port: port}
	}
	return &unix.SockaddrInet6{Addr: ip.As16(), Port: port}
}
