//go:build linux

package procnet

import (
	"testing"

	"golang.org/x/sys/unix"
)

// A socket listening on a port the kernel chose is in TCP's table, with
// that port and the state TCP_LISTEN; bound only, it is there, not
// listening.
func TestReadFindsAListener(t *testing.T) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	if err := unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	port := sa.(*unix.SockaddrInet4).Port
	state := func() int {
		socks, err := Read(TCP)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range socks {
			if s.LocalPort == port {
				return s.State
			}
		}
		return -1
	}
	if st := state(); st == Listen {
		t.Errorf("a bound socket on %d is listed as listening", port)
	}
	if err := unix.Listen(fd, 1); err != nil {
		t.Fatal(err)
	}
	if st := state(); st != Listen {
		t.Errorf("the listener on %d: state %#x; want %#x (TCP_LISTEN)", port, st, Listen)
	}
}
