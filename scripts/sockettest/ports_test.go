package sockettest

import (
	"errors"
	"net/netip"
	"testing"

	"tcpsocket/scripts/lab"

	"golang.org/x/sys/unix"
)

// Both ways of getting a refused port give ECONNREFUSED on this kernel:
// RefusingPort (a socket bound but not listening on Linux, nothing bound
// elsewhere) and lab.UnboundPort (nothing bound: the way macOS and the BSDs
// refuse, checked here on Linux too).
func TestRefusedPorts(t *testing.T) {
	t.Parallel()
	for _, ip := range []string{lab.Loopback4, lab.Loopback6} {
		unbound := func(t testing.TB, ip string) int {
			port, err := lab.UnboundPort(ip)
			if err != nil {
				t.Fatal(err)
			}
			return port
		}
		for name, port := range map[string]func(testing.TB, string) int{"RefusingPort": RefusingPort, "UnboundPort": unbound} {
			t.Run(name+" "+ip, func(t *testing.T) {
				t.Parallel()
				if ip == lab.Loopback6 {
					RequireIPv6(t)
				}
				if err := connect(ip, port(t, ip)); !errors.Is(err, unix.ECONNREFUSED) {
					t.Errorf("connect = %v; want ECONNREFUSED", err)
				}
			})
		}
	}
}

func connect(ip string, port int) error {
	addr := netip.MustParseAddr(ip)
	var family int
	var sa unix.Sockaddr
	if addr.Is4() {
		family, sa = unix.AF_INET, &unix.SockaddrInet4{Addr: addr.As4(), Port: port}
	} else {
		family, sa = unix.AF_INET6, &unix.SockaddrInet6{Addr: addr.As16(), Port: port}
	}
	fd, err := lab.Socket(family, unix.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	return unix.Connect(fd, sa)
}

// The readiness check that macOS and the BSDs use (lsof) and this system's
// (lab.IsListening) agree on a listening socket, a socket that is only bound,
// and a port with nothing on it.
func TestListeningChecksAgree(t *testing.T) {
	t.Parallel()
	RequireTool(t, "lsof")
	listener, listening, err := lab.BoundSocket(lab.Loopback4)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(listener)
	if err := unix.Listen(listener, 1); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		port int
		want bool
	}{
		{"listening", listening, true},
		{"bound only", RefusingPort(t, lab.Loopback4), false},
		{"nothing bound", FreePort(t), false},
	}
	for _, tt := range tests {
		for check, isListening := range map[string]func(int) (bool, error){"IsListening": lab.IsListening, "IsListeningLsof": lab.IsListeningLsof} {
			if got, err := isListening(tt.port); err != nil || got != tt.want {
				t.Errorf("%s(%s port) = %v, %v; want %v", check, tt.name, got, err, tt.want)
			}
		}
	}
}
