// Package sockettest is the testing face of sockutil/process: it runs the
// tutorial's programs, Go and C, as real processes over loopback, and
// turns every error into a test failure. As Go's internal/testenv does for
// commands, each process is bounded by the test's deadline as well as by
// process.Timeout, is stopped when the test ends, and a test that started
// one and neither waited for it nor stopped it fails.
package sockettest

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"tcpsocket/sockutil/process"
)

// Timeout bounds every process a test runs and every wait for one
// (process.Timeout: 30 s, four times that under emulation).
var Timeout = process.Timeout

// Result is how a finished process ended.
type Result = process.Result

// RequireTool returns the path of an external tool the test needs. Where it
// is missing the test is skipped with the reason, unless the environment
// variable CI is set (as .ci/run does): there a missing tool is a failure,
// so that a skip can never pass for a pass.
func RequireTool(t testing.TB, name string) string {
	t.Helper()
	path, err := process.Tool(name)
	if err != nil {
		Missing(t, err.Error())
	}
	return path
}

// Missing skips the test for reason, or fails it under CI.
func Missing(t testing.TB, reason string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s (CI is set, so this cannot be skipped)", reason)
	}
	t.Skip(reason)
}

// RepoRoot returns the directory that holds go.mod.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for range 10 {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		dir = filepath.Dir(dir)
	}
	t.Fatal("go.mod not found above the working directory")
	return ""
}

// Process is a program a test started.
type Process struct {
	*process.Process
	t       testing.TB
	stopped bool
}

// Prepare returns bin with args, not yet started, bounded by the test's
// deadline, for a test that changes how it runs (AsNobody, Cmd.Stdout)
// before it starts it.
func Prepare(t testing.TB, bin string, args ...string) *Process {
	t.Helper()
	return &Process{Process: process.New(timeout(t), append([]string{bin}, args...)...), t: t}
}

// timeout is process.Timeout, or less if the test's deadline (go test
// -timeout) comes first: a process must not outlive the test that
// started it, and the test must have time to report.
func timeout(t testing.TB) time.Duration {
	d := Timeout
	if tt, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if deadline, ok := tt.Deadline(); ok {
			d = min(d, time.Until(deadline)*9/10)
		}
	}
	return d
}

// AsNobody makes the prepared process run as the user and group nobody
// (65534), for a test run as root that must see what a user without
// privilege sees.
func (p *Process) AsNobody() {
	p.Cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
}

// Start starts the prepared process. When the test ends, it is stopped if
// it still runs, and the test fails if it never waited for it or stopped
// it.
func (p *Process) Start() {
	p.t.Helper()
	if err := p.Process.Start(); err != nil {
		p.t.Fatal(err)
	}
	p.cleanup()
}

func (p *Process) cleanup() {
	p.t.Cleanup(func() {
		if !p.Waited() && !p.stopped && !p.t.Failed() {
			p.t.Errorf("%s was started, but the test neither waited for it nor stopped it", p.Cmd.Path)
		}
		p.Process.Stop()
	})
}

// Wait waits for the process, at most its timeout; a process that does
// not end by then is killed and fails the test.
func (p *Process) Wait(t testing.TB) Result {
	t.Helper()
	r, err := p.Process.Wait()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Stop kills the process if it still runs, and reaps it: for a server the
// test is done with.
func (p *Process) Stop() {
	p.stopped = true
	p.Process.Stop()
}

// WaitStderr waits until the process has written text to its standard
// error (process.Process.WaitStderr).
func (p *Process) WaitStderr(t testing.TB, text string) {
	t.Helper()
	if err := p.Process.WaitStderr(text); err != nil {
		t.Fatal(err)
	}
}

// TryRun starts the prepared process and waits for it, and returns the
// error for which Run would stop the test: for a goroutine other than the
// test's, which must not stop it (testing.T.FailNow).
func (p *Process) TryRun() (Result, error) {
	if err := p.Process.Start(); err != nil {
		return Result{}, err
	}
	p.cleanup()
	return p.Process.Wait()
}

// Run starts the prepared process and waits for it.
func (p *Process) Run(t testing.TB) Result {
	t.Helper()
	p.Start()
	return p.Wait(t)
}

// RunFailing runs bin with args, which is expected to fail at once (a bind
// on a taken port, a refused connect), bounded by FailFast instead of
// Timeout: where the kernel did not give the test its premise (the port
// was free after all), the program would wait for a client, and the test
// should learn that in seconds, not half a minute.
func RunFailing(t testing.TB, bin string, args ...string) Result {
	t.Helper()
	p := &Process{Process: process.New(min(FailFast, timeout(t)), append([]string{bin}, args...)...), t: t}
	p.Start()
	r, err := p.Process.Wait()
	if err != nil {
		t.Fatalf("expected to fail at once: %v", err)
	}
	return r
}

// FailFast bounds a process that is expected to fail at once: 5 s (×4
// under an emulator, as Timeout).
var FailFast = Timeout / 6

// Start starts bin with args.
func Start(t testing.TB, bin string, args ...string) *Process {
	t.Helper()
	p := Prepare(t, bin, args...)
	p.Start()
	return p
}

// StartTo is Start with the program's standard output going to stdout
// (a pipe, a Sink) instead of Result.Stdout.
func StartTo(t testing.TB, stdout io.Writer, bin string, args ...string) *Process {
	t.Helper()
	p := Prepare(t, bin, args...)
	p.Cmd.Stdout = stdout
	p.Start()
	return p
}

// Run runs bin with args to the end.
func Run(t testing.TB, bin string, args ...string) Result {
	t.Helper()
	return Start(t, bin, args...).Wait(t)
}

// Server is a Go server started by StartServer, listening on Port.
type Server struct {
	*Process
	Port int
}

// StartServer starts the Go server bin with args and -port 0, and returns
// once it reports the port it listens on (process.StartServer).
func StartServer(t testing.TB, bin string, args ...string) *Server {
	t.Helper()
	p := Prepare(t, bin, append(args, "-port", "0")...)
	srv, err := p.Process.StartServer()
	if err != nil {
		t.Fatal(err)
	}
	p.cleanup()
	return &Server{Process: p, Port: srv.Port}
}

// WaitListening waits until something listens on port (process.WaitListening):
// the readiness check for the C server, which reports nothing.
func WaitListening(t testing.TB, p *Process, port int) {
	t.Helper()
	if err := process.WaitListening(p.Process, port); err != nil {
		t.Fatal(err)
	}
}

// NoPanic fails the test if a Go program's output shows a panic or a
// goroutine dump: every failure must be one line and an exit status.
func NoPanic(t testing.TB, r Result) {
	t.Helper()
	if err := process.NoPanic(r); err != nil {
		t.Error(err)
	}
}

// PayloadSum is process.Sum: the checksum of what -msg msg -size size
// sends.
func PayloadSum(msg string, size int64) string { return process.Sum(msg, size) }

// NewSink is process.NewSink.
func NewSink(notifyAt int64) *process.Sink { return process.NewSink(notifyAt) }
