package sockettest

import (
	"fmt"
	"net/netip"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

// The loopback addresses the tests and scripts run over.
const (
	Loopback4 = "127.0.0.1"
	Loopback6 = "::1"
)

// BoundSocket returns a TCP socket bound to ip (a loopback address) on a
// port the kernel chose, and that port. It is not listening.
func BoundSocket(ip string) (fd, port int, err error) {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return -1, 0, err
	}
	fd, err = unix.Socket(family(addr), unix.SOCK_STREAM, 0)
	if err != nil {
		return -1, 0, fmt.Errorf("socket: %w", err)
	}
	var sa unix.Sockaddr
	if err = unix.Bind(fd, sockaddr(addr, 0)); err == nil {
		sa, err = unix.Getsockname(fd)
	}
	if err != nil {
		unix.Close(fd)
		return -1, 0, fmt.Errorf("bind to a free port on %s: %w", ip, err)
	}
	return fd, int(sockutil.AddrPort(sa).Port()), nil
}

// UnboundPort returns a port on ip with no socket bound to it: the kernel
// chose it for a socket bound to port 0, which was closed without ever
// connecting, so it leaves no TIME_WAIT behind. A SYN to a port with no
// socket is answered with a reset on every kernel (RFC 793, 3.4: "If the
// connection does not exist (CLOSED) then a reset is sent"), so connect(2)
// fails with ECONNREFUSED; XNU's and FreeBSD's net.inet.tcp.blackhole,
// which would drop it, leaves loopback alone. Another process could bind
// the port before it is used; RefusingPort, where it can, leaves no such
// gap. Also the port for a program that cannot report one of its own
// choosing, such as the C server.
func UnboundPort(ip string) (int, error) {
	fd, port, err := BoundSocket(ip)
	if err != nil {
		return 0, err
	}
	unix.Close(fd)
	return port, nil
}

// HasIPv6 reports whether the machine has an IPv6 loopback, and if not,
// why.
func HasIPv6() error {
	fd, _, err := BoundSocket(Loopback6)
	if err != nil {
		return fmt.Errorf("no IPv6 loopback on this machine: %w", err)
	}
	unix.Close(fd)
	return nil
}
