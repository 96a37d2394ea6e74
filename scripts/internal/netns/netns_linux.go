// Package netns runs a copy of the calling program in a network namespace
// of its own (network_namespaces(7)), whose loopback carries nothing but
// what that copy does: for make wire and make tour, which run the
// tutorial's programs on its port 5000, and watch the kernel's view.
package netns

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil/process"
)

// envInside marks the copy that runs inside; the other variables given to
// Run reach it too.
const envInside = "TCPSOCKET_NETNS"

// Inside reports whether this program is the copy that Run started.
func Inside() bool { return os.Getenv(envInside) == "1" }

// Run runs this program again (os.Executable) under unshare(1) --net, and
// --map-root-user as well when not root, where unprivileged user
// namespaces are allowed, with env added to its environment; it returns
// what the copy printed on standard output. The copy must check Inside
// first thing, bring the loopback up (LoopbackUp), do its work and print
// it.
func Run(env ...string) (string, error) {
	unshare, err := process.Tool("unshare")
	if err != nil {
		return "", err
	}
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	args := []string{unshare, "--net"}
	if os.Geteuid() != 0 {
		args = append(args, "--map-root-user")
	}
	p := process.New(0, append(append(args, "--"), self)...)
	p.Cmd.Env = append(append(os.Environ(), envInside+"=1"), env...)
	r, err := p.Run()
	if err != nil {
		return "", err
	}
	if r.Code != 0 {
		return "", fmt.Errorf("in a new network namespace: %v (is unshare --net permitted here? it needs root, or unprivileged user namespaces)", r)
	}
	return r.Stdout, nil
}

// Lines splits what a copy printed into its lines.
func Lines(out string) []string { return strings.Split(strings.TrimSuffix(out, "\n"), "\n") }

// LoopbackUp brings up lo, the loopback device of a new network namespace,
// which starts down (ioctl SIOCSIFFLAGS with IFF_UP, netdevice(7)); as
// `ip link set lo up` does.
func LoopbackUp() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq("lo")
	if err != nil {
		return err
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return err
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	return unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr)
}

// RunAttached is Run with this terminal attached to the copy: standard
// input, output and error are the caller's, for a copy that asks.
func RunAttached(env ...string) error {
	unshare, err := process.Tool("unshare")
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	args := []string{"--net"}
	if os.Geteuid() != 0 {
		args = append(args, "--map-root-user")
	}
	cmd := exec.Command(unshare, append(append(args, "--"), self)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(append(os.Environ(), envInside+"=1"), env...)
	return cmd.Run()
}
