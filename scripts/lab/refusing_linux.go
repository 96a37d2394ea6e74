package lab

import "golang.org/x/sys/unix"

// RefusingPort returns a port on ip where nothing listens and nothing can
// start listening until the test ends: a socket holds it, bound but not
// listening. On Linux a SYN finds only listening and connected sockets
// (__inet_lookup_skb in net/ipv4/inet_hashtables.c looks in the established
// and listening tables; a socket that is only bound is in neither), so it
// is answered with a reset, and connect(2) fails with ECONNREFUSED.
//
// Not so on macOS and FreeBSD: their tcp_input finds the bound socket, in
// state CLOSED, and drops the SYN without a reset, so connect(2) waits for
// its timeout. There RefusingPort is UnboundPort (refusing_other.go).
//
// release gives the port up.
func RefusingPort(ip string) (port int, release func(), err error) {
	fd, port, err := BoundSocket(ip)
	if err != nil {
		return 0, nil, err
	}
	return port, func() { unix.Close(fd) }, nil
}
