// Package netns runs a copy of the calling program in a network namespace
// of its own (network_namespaces(7)), whose loopback carries nothing but
// what that copy does: for make tour, make wire and make exercise, which
// run programs on its port 5000, and watch the kernel's view.
package netns

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"

	"tcpsocket/scripts/lab"

	"golang.org/x/sys/unix"
)

// envInside marks the copy that runs inside; envServer and envClient name
// the pair it runs (Pair); the other variables given to Run reach it too.
const (
	envInside = "TCPSOCKET_NETNS"
	envServer = "TCPSOCKET_NETNS_SERVER"
	envClient = "TCPSOCKET_NETNS_CLIENT"
)

// Pair is, in the copy, the server and client that Run was given.
func Pair() lab.Programs {
	return lab.Programs{Server: os.Getenv(envServer), Client: os.Getenv(envClient)}
}

// environ is the copy's environment: this one, the pair, and env.
func environ(pair lab.Programs, env []string) []string {
	return append(append(os.Environ(), envInside+"=1", envServer+"="+pair.Server, envClient+"="+pair.Client), env...)
}

// ErrUnavailable is what Run's error wraps when this machine cannot give
// the copy what it needs: a network namespace (unshare(1) refused), or
// what the copy's Exit said was refused (ptrace(2), say). A test
// skips for it (or fails under CI); any other error is the tool's own.
var ErrUnavailable = errors.New("not available on this machine")

// exitUnavailable is the copy's exit status (Exit) for a failure that is
// the machine's: automake's "skipped".
const exitUnavailable = 77

// Exit is the copy's exit status for err, which it has printed: 0 for
// none; exitUnavailable for a permission the machine refused (EPERM,
// EACCES: ptrace(2) where Yama or seccomp forbid it, say), which Run
// turns into ErrUnavailable; 1 for any other.
func Exit(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES):
		return exitUnavailable
	}
	return 1
}

// Inside reports whether this program is the copy that Run started.
func Inside() bool { return os.Getenv(envInside) == "1" }

// Run runs this program again (os.Executable) under unshare(1), in a
// network namespace of its own, and --map-root-user as well when not
// root, where unprivileged user namespaces are allowed, to run pair
// (Pair), with env added to its environment; it returns the lines the
// copy printed on standard output. The copy must check Inside first
// thing, bring the loopback up (LoopbackUp), do its work and print it; it
// should bound its own work well within lab.Timeout, so that its own
// error, not this bound, says what went wrong.
//
// Nothing the copy starts outlives Run: the copy leads a process group of
// its own, which Run kills when the copy ends or runs out of time, and
// which an interrupt kills (lab.HandleInterrupts: Ctrl-C reaches this
// program, not the copy, which is not in the terminal's group). Where
// this program is killed outright, the copy dies with it
// (PR_SET_PDEATHSIG, prctl(2)), and what the copy started through lab dies
// with the copy. The copy's PIDs are the machine's, as the kernel's
// record of the states (tcpstates) has them. For programs that might
// leave a process of their own making behind, RunIsolated.
func Run(pair lab.Programs, env ...string) ([]string, error) {
	return run(false, pair, env)
}

// RunIsolated is Run in a PID namespace of its own as well
// (pid_namespaces(7)): the copy is its first process, PID 1, and when it
// ends, however it ends, the kernel kills every process left in the
// namespace, one that made itself a session's leader (setsid(2)) or
// forked and left its child behind included. The copy dies with unshare
// (--kill-child), and unshare with this program. For make exercise, which
// runs a learner's program. Its PIDs are the namespace's, so the kernel's
// record of the states would not name them.
func RunIsolated(env ...string) ([]string, error) {
	return run(true, lab.Programs{}, env)
}

func run(isolated bool, pair lab.Programs, env []string) ([]string, error) {
	argv, err := command(isolated)
	if err != nil {
		return nil, err
	}
	// The copy's temporary folders go into one of this run's.
	tmp, err := lab.TempDir("netns")
	if err != nil {
		return nil, err
	}
	defer lab.RemoveTempDir(tmp)
	p := lab.New(0, argv...)
	p.Cmd.Env = append(environ(pair, env), "TMPDIR="+tmp)
	p.Cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	killGroup := func() error { return syscall.Kill(-p.Pid(), syscall.SIGKILL) }
	p.Cmd.Cancel = killGroup
	r, err := p.Run()
	if p.Pid() > 0 {
		killGroup() // what the copy left running; the group is empty (ESRCH) when it left nothing
	}
	if err != nil {
		return nil, err
	}
	switch {
	case r.Code == 0:
	case strings.HasPrefix(r.Stderr, "unshare:"):
		return nil, fmt.Errorf("%s (%s needs root, or unprivileged user namespaces): %w", strings.TrimSpace(r.Stderr), strings.Join(argv[:len(argv)-2], " "), ErrUnavailable)
	case r.Code == exitUnavailable:
		return nil, fmt.Errorf("in its network namespace: %s: %w", strings.TrimSpace(r.Stderr), ErrUnavailable)
	default:
		return nil, fmt.Errorf("in its network namespace: %v", r)
	}
	return strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n"), nil
}

// command is the unshare(1) command line that runs this program again in a
// new network namespace, and a new PID namespace where isolated.
func command(isolated bool) ([]string, error) {
	unshare, err := lab.Tool("unshare")
	if err != nil {
		return nil, fmt.Errorf("%v: %w", err, ErrUnavailable)
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	args := []string{unshare, "--net"}
	if isolated {
		// --pid --fork: the copy is the first process of a new PID
		// namespace; --kill-child: it dies with unshare; --mount-proc: its
		// /proc shows that namespace's processes, whose PIDs it knows.
		args = append(args, "--pid", "--fork", "--kill-child", "--mount-proc")
	}
	if os.Geteuid() != 0 {
		args = append(args, "--map-root-user")
	}
	return append(append(args, "--"), self), nil
}

// LoopbackUp brings up lo, the loopback device of a new network namespace,
// which starts down (ioctl SIOCSIFFLAGS with IFF_UP, netdevice(7)); as
// `ip link set lo up` does.
func LoopbackUp() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
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
// input, output and error are the caller's, for a copy that asks. The copy
// stays in the terminal's process group, so that it may read the terminal
// and Ctrl-C reaches it.
func RunAttached(pair lab.Programs, env ...string) error {
	argv, err := command(false)
	if err != nil {
		return err
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = environ(pair, env)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	return cmd.Run()
}
