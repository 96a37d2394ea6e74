package sockettest

import (
	"testing"

	"golang.org/x/sys/unix"
)

// FreePort returns a port on 127.0.0.1 that was free a moment ago: the
// kernel chose it for a socket bound to port 0, then closed without ever
// connecting, so it leaves no TIME_WAIT behind. For programs that cannot
// report a port of their own choosing, such as the C server.
func FreePort(t testing.TB) int {
	t.Helper()
	fd, port := boundSocket(t)
	unix.Close(fd)
	return port
}

// RefusingPort returns a port on 127.0.0.1 where nothing listens and nothing
// can start listening until the test ends: a socket holds it, bound but not
// listening, so a connect(2) to it is refused with ECONNREFUSED.
func RefusingPort(t testing.TB) int {
	t.Helper()
	fd, port := boundSocket(t)
	t.Cleanup(func() { unix.Close(fd) })
	return port
}

func boundSocket(t testing.TB) (fd, port int) {
	t.Helper()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatalf("socket: %v", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		unix.Close(fd)
		t.Fatalf("bind: %v", err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		unix.Close(fd)
		t.Fatalf("getsockname: %v", err)
	}
	return fd, sa.(*unix.SockaddrInet4).Port
}
