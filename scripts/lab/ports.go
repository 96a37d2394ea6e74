package lab

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"sync"

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
	fd, err = Socket(family(addr), unix.SOCK_STREAM, 0)
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

// UnboundPort returns a port on ip with no socket bound to it, for a
// program that cannot report a port of its own choosing, such as the C
// server or the tutorial's Go server. It is drawn at random from
// unboundPorts, below every kernel's ephemeral range (Linux's
// ip_local_port_range is 32768-60999 by default, macOS's and FreeBSD's
// 49152-65535 or 10000-65535 on older FreeBSD, see ip(7)), and checked by
// binding it; never one that this process handed out before. Not
// bind(2) to port 0, the ephemeral range: the kernel hands a port freed
// there out again within a few binds (seen: within 7), to another test
// binary running at the same time as to any client's connect(2). A SYN to
// a port with no socket is answered with a reset on every kernel (RFC
// 793, 3.4: "If the connection does not exist (CLOSED) then a reset is
// sent"), so connect(2) fails with ECONNREFUSED; XNU's and FreeBSD's
// net.inet.tcp.blackhole, which would drop it, leaves loopback alone.
// Another process could bind the port before it is used; RefusingPort,
// where it can, leaves no such gap, and StartListening starts a server
// again on another port.
func UnboundPort(ip string) (int, error) {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return 0, err
	}
	given.Lock()
	defer given.Unlock()
	for range 100 {
		port := unboundPorts.lo + rand.IntN(unboundPorts.hi-unboundPorts.lo)
		if given.ports[port] {
			continue
		}
		fd, err := Socket(family(addr), unix.SOCK_STREAM, 0)
		if err != nil {
			return 0, fmt.Errorf("socket: %w", err)
		}
		err = unix.Bind(fd, sockaddr(addr, port))
		unix.Close(fd)
		if err == nil {
			given.ports[port] = true
			return port, nil
		}
	}
	return 0, fmt.Errorf("no free port on %s among 100 drawn from %d-%d", ip, unboundPorts.lo, unboundPorts.hi-1)
}

// unboundPorts is the range UnboundPort draws from, [lo, hi).
var unboundPorts = struct{ lo, hi int }{20000, 32768}

// given are the ports UnboundPort has handed out in this process.
var given = struct {
	sync.Mutex
	ports map[int]bool
}{ports: map[int]bool{}}

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
