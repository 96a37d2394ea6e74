package sockettest

import (
	"net"
	"testing"
)

// FreePort returns a port on 127.0.0.1 that was free a moment ago
// (UnboundPort), for the C server, which cannot report a port of its own
// choosing.
func FreePort(t testing.TB) int {
	t.Helper()
	port, err := UnboundPort(Loopback4)
	if err != nil {
		t.Fatal(err)
	}
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
	if err := HasIPv6(); err != nil {
		Missing(t, err.Error())
	}
}

// Listen returns a test-side TCP listener on 127.0.0.1, on a free port,
// and that port; it is closed when the test ends. For tests that play the
// server against the client.
func Listen(t testing.TB) (net.Listener, int) {
	t.Helper()
	ln, err := net.Listen("tcp4", Loopback4+":0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln, ln.Addr().(*net.TCPAddr).Port
}
