//go:build !linux

package lab

// RefusingPort returns a port on ip where nothing listens, so that
// connect(2) to it fails with ECONNREFUSED. On macOS and the BSDs that is a
// port with no socket at all: their tcp_input finds a socket that is bound
// but not listening, sees it CLOSED, and drops the SYN with no reset (XNU's
// bsd/netinet/tcp_input.c, FreeBSD's sys/netinet/tcp_input.c), so a
// connect(2) to it waits for its timeout, about 75 s. See
// refusing_linux.go for Linux, where a bound socket can hold the port.
func RefusingPort(ip string) (port int, release func(), err error) {
	port, err = UnboundPort(ip)
	return port, func() {}, err
}
