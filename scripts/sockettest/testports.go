package sockettest

import (
	"net"
	"strings"
	"testing"

	"tcpsocket/scripts/lab"
)

// FreePort returns a port on 127.0.0.1 that was free a moment ago
// (UnboundPort), for the C server, which cannot report a port of its own
// choosing.
func FreePort(t testing.TB) int {
	t.Helper()
	port, err := lab.UnboundPort(lab.Loopback4)
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// Loopbacks runs f as a parallel subtest once over 127.0.0.1 and once over
// ::1: the tutorial's IPv4, and the same calls with AF_INET6 (ipv6(7)).
func Loopbacks(t *testing.T, f func(t *testing.T, ip string)) {
	for _, ip := range []string{lab.Loopback4, lab.Loopback6} {
		t.Run(ip, func(t *testing.T) {
			t.Parallel()
			if ip == lab.Loopback6 {
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
	if err := lab.HasIPv6(); err != nil {
		Missing(t, err.Error())
	}
}

// Listen returns a test-side TCP listener on 127.0.0.1, on a free port,
// and that port; it is closed when the test ends. For tests that play the
// server against the client.
func Listen(t testing.TB) (net.Listener, int) {
	t.Helper()
	ln, err := net.Listen("tcp4", lab.Loopback4+":0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln, ln.Addr().(*net.TCPAddr).Port
}

// StartListening starts a server that cannot report a port of its own
// choosing (the C's, or the tutorial's Go), made by start for a port that
// FreePort found free, and returns once it listens there. Between
// FreePort's close and the server's bind(2), another socket may take the
// port (another program's, or another test binary's that drew the same
// port): the server then exits at once, "Could not bind on Given IP", and
// is started again on another port, up to five times in all.
func StartListening(t testing.TB, start func(port int) *Process) (*Process, int) {
	t.Helper()
	for try := 1; ; try++ {
		port := FreePort(t)
		srv := start(port)
		err := srv.WaitListening(port)
		if err == nil {
			return srv, port
		}
		if !srv.Exited() || try == 5 {
			t.Fatal(err)
		}
		if r, _ := srv.Wait(); !strings.Contains(r.Stdout, "Could not bind on Given IP") {
			t.Fatal(err)
		}
	}
}
