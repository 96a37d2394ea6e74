package sockutil

import (
	"errors"
	"fmt"
	"net/netip"

	"golang.org/x/sys/unix"
)

// What holds a port that bind(2) found in use (PortHolder).
const (
	HolderListener   = "listener"
	HolderTimeWait   = "time-wait"
	HolderConnection = "connection" // open, or closing but not yet in TIME_WAIT
)

// BindHint is bind(2)'s error with a hint (Hint) where the errno is one a
// learner meets on the first day: EADDRINUSE, told apart by what holds
// the port (PortHolder); EACCES below port 1024.
func BindHint(err error, addr unix.Sockaddr) error {
	port := int(AddrPort(addr).Port())
	switch {
	case errors.Is(err, unix.EADDRINUSE):
		return Hint(err, InUseHint(port, PortHolder(port), "wait a minute, or use another -port"))
	case errors.Is(err, unix.EACCES) && port > 0 && port < 1024:
		// ip(7): ports below ip_unprivileged_port_start (1024 unless set)
		// need CAP_NET_BIND_SERVICE.
		return Hint(err, fmt.Sprintf("port %d is below 1024, and binding to it needs privilege (ip(7): ip_unprivileged_port_start, CAP_NET_BIND_SERVICE); "+
			"use a -port of 1024 or more", port))
	}
	return err
}

// InUseHint says what holds a port in use, and what to do about it:
// afterTimeWait is the advice for a port in TIME_WAIT. The side of a
// connection that sends the first FIN keeps the port in TIME_WAIT for
// TCP_TIMEWAIT_LEN, 60 s on Linux (include/net/tcp.h), and the tutorial's
// server closes first.
func InUseHint(port int, holder, afterTimeWait string) string {
	listener := fmt.Sprintf("another program listens on this port (ss -ltnp 'sport = :%d' shows which): stop it, or use another -port", port)
	timeWait := "a connection on this port ended less than a minute ago, and the side that closed first, the server's, keeps the port in TIME_WAIT: " + afterTimeWait
	connection := fmt.Sprintf("a connection on this port is still open or closing (ss -tanp 'sport = :%d' shows it): end it, or use another -port", port)
	switch holder {
	case HolderListener:
		return listener
	case HolderTimeWait:
		return timeWait
	case HolderConnection:
		return connection
	}
	return "either " + listener + "; or " + timeWait
}

// ConnectHint is connect(2)'s error with a hint for ECONNREFUSED, the error
// of every first try; connect(2): "No-one listening on the remote
// address."
func ConnectHint(err error, addr unix.Sockaddr) error {
	if errors.Is(err, unix.ECONNREFUSED) {
		return Hint(err, fmt.Sprintf("nothing listens on %v: is the server running, on this -ip and -port?", AddrPort(addr)))
	}
	return err
}

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
