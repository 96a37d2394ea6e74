package sockettest

import (
	"fmt"
	"testing"

	"golang.org/x/sys/unix"
)

// FreePort returns a port on 127.0.0.1 that was free a moment ago: the
// kernel chose it for a socket bound to port 0, then closed without ever
// connecting, so it leaves no TIME_WAIT behind. For programs that cannot
// report a port of their own choosing, such as the C server.
func FreePort(t testing.TB) int {
	t.Helper()
	fd, port, err := BoundSocket()
	if err != nil {
		t.Fatal(err)
	}
	unix.Close(fd)
	return port
}

// RefusingPort returns a port on 127.0.0.1 where nothing listens and nothing
// can start listening until the test ends: a socket holds it, bound but not
// listening, so a connect(2) to it is refused with ECONNREFUSED.
func RefusingPort(t testing.TB) int {
	t.Helper()
	fd, port, err := BoundSocket()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	return port
}

// BoundSocket returns a TCP socket bound to 127.0.0.1 on a port the kernel
// chose, and that port. It is not listening.
func BoundSocket() (fd, port int, err error) {
	fd, err = unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		return -1, 0, fmt.Errorf("socket: %w", err)
	}
	var sa unix.Sockaddr
	err = unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}})
	if err == nil {
		sa, err = unix.Getsockname(fd)
	}
	if err != nil {
		unix.Close(fd)
		return -1, 0, fmt.Errorf("bind to a free port: %w", err)
	}
	return fd, sa.(*unix.SockaddrInet4).Port, nil
}
