// Package sockettest runs the tutorial's programs, Go and C, as real
// processes over loopback for the tests. Every wait is bounded: a process
// that hangs is killed after Timeout and the test fails.
package sockettest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Timeout bounds every process a test runs and every wait for one: 30
// seconds, four times that under emulation (TCPSOCKET_EXEC, see Build),
// where a process starts about ten times slower.
var Timeout = timeout()

func timeout() time.Duration {
	if os.Getenv("TCPSOCKET_EXEC") != "" {
		return 120 * time.Second
	}
	return 30 * time.Second
}

// RequireTool returns the path of an external tool the test needs. Where it
// is missing the test is skipped with the reason, unless the environment
// variable CI is set (as .ci/run does): there a missing tool is a failure,
// so that a skip can never pass for a pass.
func RequireTool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		Missing(t, fmt.Sprintf("%s is not installed: %v", name, err))
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

// Result is how a finished process ended.
type Result struct {
	Stdout, Stderr string
	Code           int            // exit status; -1 if a signal ended it
	Signal         syscall.Signal // the signal that ended it, or 0
}

func (r Result) String() string {
	how := fmt.Sprintf("exit %d", r.Code)
	if r.Signal != 0 {
		how = fmt.Sprintf("ended by signal %d (%v)", int(r.Signal), r.Signal)
	}
	return fmt.Sprintf("%s, stdout %q, stderr %q", how, clip(r.Stdout), clip(r.Stderr))
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + fmt.Sprintf("...(%d bytes)", len(s))
	}
	return s
}

// Process is a program started by Start.
type Process struct {
	cmd            *exec.Cmd
	stdout, stderr syncBuffer
	cancel         context.CancelFunc
	done           chan struct{}
	result         Result
}

// Start starts bin with args. The process is killed when the test ends if
// it is still running.
func Start(t testing.TB, bin string, args ...string) *Process {
	t.Helper()
	p := prepare(bin, args...)
	p.start(t)
	return p
}

// StartTo is Start with the program's standard output going to stdout
// (a pipe, a hash) instead of Result.Stdout.
func StartTo(t testing.TB, stdout io.Writer, bin string, args ...string) *Process {
	t.Helper()
	p := prepare(bin, args...)
	p.cmd.Stdout = stdout
	p.start(t)
	return p
}

// Prepare returns bin with args, not yet started, for a test that changes
// how it runs (AsNobody) before it Runs it.
func Prepare(bin string, args ...string) *Process { return prepare(bin, args...) }

// AsNobody makes the prepared process run as the user and group nobody
// (65534), for a test run as root that must see what a user without
// privilege sees.
func (p *Process) AsNobody() {
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
}

// Run starts the prepared process and waits for it, at most Timeout.
func (p *Process) Run(t testing.TB) Result {
	t.Helper()
	p.start(t)
	return p.Wait(t)
}

func prepare(bin string, args ...string) *Process {
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	p := &Process{cmd: exec.CommandContext(ctx, bin, args...), cancel: cancel, done: make(chan struct{})}
	p.cmd.Stdout = &p.stdout
	p.cmd.Stderr = &p.stderr
	return p
}

func (p *Process) start(t testing.TB) {
	t.Helper()
	if err := p.cmd.Start(); err != nil {
		p.cancel()
		t.Fatalf("start %s: %v", p.cmd.Path, err)
	}
	go p.reap()
	t.Cleanup(func() { p.cancel(); <-p.done })
}

// syncBuffer is a bytes.Buffer that a test may read while the process
// writes it; onWrite, if set, sees everything written so far.
type syncBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	onWrite func(all []byte)
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.buf.Write(p)
	if b.onWrite != nil {
		b.onWrite(b.buf.Bytes())
	}
	return n, err
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (p *Process) reap() {
	defer close(p.done)
	err := p.cmd.Wait()
	p.result = Result{Stdout: p.stdout.String(), Stderr: p.stderr.String(), Code: p.cmd.ProcessState.ExitCode()}
	if ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		p.result.Signal = ws.Signal()
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		p.result.Stderr += "\n(wait: " + err.Error() + ")"
	}
}

// Wait waits, at most Timeout, for the process to end.
func (p *Process) Wait(t testing.TB) Result {
	t.Helper()
	select {
	case <-p.done:
		return p.result
	case <-time.After(Timeout):
		p.cancel()
		<-p.done
		t.Fatalf("%s did not end within %v: %v", p.cmd.Path, Timeout, p.result)
		return p.result
	}
}

// Pid returns the process id.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Signal sends sig to the process.
func (p *Process) Signal(sig os.Signal) error { return p.cmd.Process.Signal(sig) }

// Exited reports whether the process has ended.
func (p *Process) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// WaitStderr waits, at most Timeout, until the process has written text
// to its standard error: a readiness signal, such as the line a server
// prints when it starts to stop.
func (p *Process) WaitStderr(t testing.TB, text string) {
	t.Helper()
	deadline := time.Now().Add(Timeout)
	for i := 0; !strings.Contains(p.stderr.String(), text); i++ {
		if p.Exited() || time.Now().After(deadline) {
			t.Fatalf("%s did not write %q to stderr: %v", p.cmd.Path, text, p.result)
		}
		time.Sleep(time.Duration(min(i+1, 20)) * time.Millisecond)
	}
}

// Run runs bin with args to the end.
func Run(t testing.TB, bin string, args ...string) Result {
	t.Helper()
	return Start(t, bin, args...).Wait(t)
}

// NoPanic fails the test if a Go program's output shows a panic or a
// goroutine dump: every failure must be one line and an exit status.
func NoPanic(t testing.TB, r Result) {
	t.Helper()
	for _, bad := range []string{"panic:", "goroutine ", "runtime error", "[signal "} {
		if strings.Contains(r.Stdout, bad) || strings.Contains(r.Stderr, bad) {
			t.Errorf("output contains %q: %v", bad, r)
		}
	}
}
