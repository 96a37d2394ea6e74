package grownup

import (
	"net/netip"

	"golang.org/x/sys/unix"
)

// ListeningLine starts the line the server writes to standard error with
// -port 0, once it listens: "grownup-server: listening on 127.0.0.1:PORT". Tests
// and scripts wait for it (lab.ParseListening reads it).
const ListeningLine = "grownup-server: listening on "

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

// ExitConnFailed is the grown-up server's exit status when it served every
// connection it was asked to (or was stopped by SIGINT or SIGTERM), but
// writing to or closing at least one of them failed. Each failure was
// printed. The tutorial's server, like the C, never knows.
const ExitConnFailed = 3
