package sockettest

import (
	"fmt"
	"net/netip"
	"testing"

	"golang.org/x/sys/unix"
)

// The loopback addresses the tests run over.
const (
	Loopback4 = "127.0.0.1"
	Loopback6 = "::1"
)

// FreePort returns a port on 127.0.0.1 that was free a moment ago (see
// UnboundPort), for programs that cannot report a port of their own
// choosing, such as the C server.
func FreePort(t testing.TB) int {
	t.Helper()
	return UnboundPort(t, Loopback4)
}

// UnboundPort returns a port on ip with no socket bound to it: the kernel
// chose it for a socket bound to port 0, which was closed without ever
// connecting, so it leaves no TIME_WAIT behind. A SYN to a port with no
// socket is answered with a reset on every kernel (RFC 793, 3.4: "If the
// connection does not exist (CLOSED) then a reset is sent"), so connect(2)
// fails with ECONNREFUSED; XNU's and FreeBSD's net.inet.tcp.blackhole,
// which would drop it, leaves loopback alone. Another process could bind
// the port before the test uses it; RefusingPort, where it can, does not
// leave that gap.
func UnboundPort(t testing.TB, ip string) int {
	t.Helper()
	fd, port, err := BoundSocket(ip)
	if err != nil {
		t.Fatal(err)
	}
	unix.Close(fd)
	return port
}

// Loopbacks runs f as a parallel subtest once over 127.0.0.1 and once over
// ::1: the tutorial's IPv4, and the same calls with AF_INET6 (ipv6(7)).
func Loopbacks(t *testing.T, f func(t *testing.T, ip string)) {
	for _, ip := range []string{Loopback4, Loopback6} {
		t.Run(ip, func(t *testing.T) {
			t.Parallel()
			if ip == Loopback6 {
				RequireIPv6(t)
			}
			f(t, ip)
		})
	}
}

// RequireIPv6 skips the test where the machine has no IPv6 loopback (or
// fails it under CI, see Missing).
func RequireIPv6(t testing.TB) {
	t.Helper()
	fd, _, err := BoundSocket(Loopback6)
	if err != nil {
		Missing(t, "no IPv6 loopback on this machine: "+err.Error())
		return
	}
	unix.Close(fd)
}

// BoundSocket returns a TCP socket bound to ip (a loopback address) on a
// port the kernel chose, and that port. It is not listening.
func BoundSocket(ip string) (fd, port int, err error) {
	family, sa, err := sockaddr(ip, 0)
	if err != nil {
		return -1, 0, err
	}
	fd, err = unix.Socket(family, unix.SOCK_STREAM, 0)
	if err != nil {
		return -1, 0, fmt.Errorf("socket: %w", err)
	}
	if err = unix.Bind(fd, sa); err == nil {
		sa, err = unix.Getsockname(fd)
	}
	if err != nil {
		unix.Close(fd)
		return -1, 0, fmt.Errorf("bind to a free port on %s: %w", ip, err)
	}
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		return fd, sa.Port, nil
	case *unix.SockaddrInet6:
		return fd, sa.Port, nil
	}
	unix.Close(fd)
	return -1, 0, fmt.Errorf("getsockname: unexpected %T", sa)
}

// sockaddr returns the family and address of ip, port for socket(2) and
// bind(2) or connect(2). (sockutil.Family and Sockaddr do the same for the
// programs; sockutil's own tests import this package, so it cannot import
// sockutil.)
func sockaddr(ip string, port int) (int, unix.Sockaddr, error) {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return 0, nil, err
	}
	if addr.Is4() {
		return unix.AF_INET, &unix.SockaddrInet4{Addr: addr.As4(), Port: port}, nil
	}
	return unix.AF_INET6, &unix.SockaddrInet6{Addr: addr.As16(), Port: port}, nil
}
