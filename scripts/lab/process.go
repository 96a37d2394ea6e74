package lab

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"sync"
	"syscall"
	"time"
)

// Emulator is the program that runs the programs built for another
// architecture, Arch, or "" when they run natively: make test-arm64 sets
// TCPSOCKET_EXEC=qemu-aarch64-static and TCPSOCKET_GOARCH=arm64. Only the
// programs run through it; the tests and tools that start them run
// natively. (The test binaries ran under qemu-user too, until CI hung on
// it: a Start that never returned, 9 minutes, in make test-arm64 of
// stop 36. Under qemu-user every fork(2) of a test binary is emulated;
// the programs start none.)
var Emulator = os.Getenv("TCPSOCKET_EXEC")

// Arch is the GOARCH that BuildGo builds the programs for when they run
// through Emulator (TCPSOCKET_GOARCH).
var Arch = os.Getenv("TCPSOCKET_GOARCH")

// Timeout bounds every process and every wait for one: 30 seconds, four
// times that under an emulator, where a process starts about ten times
// slower. The one place where emulation scales time.
var Timeout = scale(30 * time.Second)

// scale returns d, or 4 × d under an emulator.
func scale(d time.Duration) time.Duration {
	if Emulator != "" {
		return 4 * d
	}
	return d
}

// Repeats is how many times a test repeats a run that it repeats n times
// natively: a fifth of n (at least 1) under an emulator. Such a test
// repeats to meet a rare interleaving, which costs milliseconds a run
// natively and about ten times more under qemu-user; the kernel under the
// emulated programs is the one the native run already tried n times, so
// there the fewer runs check the emulated programs, not the kernel again.
func Repeats(n int) int {
	if Emulator != "" {
		return max(1, n/5)
	}
	return n
}

// Result is how a finished process ended.
type Result struct {
	Stdout, Stderr string
	Code           int            // exit status; -1 if a signal ended it
	Signal         syscall.Signal // the signal that ended it, or 0

	// What was written past Process.Keep, counted, not kept: 0 where
	// Stdout and Stderr are whole.
	StdoutMore, StderrMore int64
}

func (r Result) String() string {
	how := fmt.Sprintf("exit %d", r.Code)
	if r.Signal != 0 {
		how = fmt.Sprintf("ended by signal %d (%v)", int(r.Signal), r.Signal)
	}
	return fmt.Sprintf("%s, stdout %q, stderr %q", how, clip(r.Stdout, r.StdoutMore), clip(r.Stderr, r.StderrMore))
}

func clip(s string, more int64) string {
	if len(s) > 300 || more > 0 {
		return s[:min(len(s), 300)] + fmt.Sprintf("...(%d bytes)", int64(len(s))+more)
	}
	return s
}

// A Process is a program, prepared by New and started by Start. Before
// Start, Cmd may be changed: its Stdout, its SysProcAttr; and Keep set.
type Process struct {
	Cmd *exec.Cmd
	// Keep, where above 0, bounds what is kept of each of the standard
	// output and error: their first Keep bytes; the rest is counted
	// (Result.StdoutMore, StderrMore), at once, so that a program that
	// prints without end costs bounded memory and time linear in what it
	// printed.
	Keep           int
	stdout, stderr syncBuffer
	ctx            context.Context
	cancel         context.CancelFunc
	done           chan struct{}
	result         Result
	timedOut       bool // the timeout killed it
	waited         bool
	stopped        bool
	started        bool // Start was called: done will be closed
}

// New prepares argv to run for at most timeout (Timeout if 0): standard
// output and error are kept for the Result. It is not started.
func New(timeout time.Duration, argv ...string) *Process {
	if timeout == 0 {
		timeout = Timeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	p := &Process{Cmd: exec.CommandContext(ctx, argv[0], argv[1:]...), ctx: ctx, cancel: cancel, done: make(chan struct{})}
	p.Cmd.Stdout = &p.stdout
	p.Cmd.Stderr = &p.stderr
	// A grandchild that keeps the output pipes open (a process the
	// program started) must not keep Wait waiting.
	p.Cmd.WaitDelay = 5 * time.Second
	return p
}

// Start starts the process. Whatever happens next, Stop or Wait must be
// called, which reap it.
//
// Unless the caller set Cmd.SysProcAttr, the process dies with the tool
// that started it, even one killed outright (dieWithParent); and until it
// is reaped, Cleanup (and an interrupt, HandleInterrupts) kills it.
func (p *Process) Start() error {
	p.started = true
	p.stdout.keep, p.stderr.keep = p.Keep, p.Keep
	if p.Cmd.SysProcAttr == nil {
		p.Cmd.SysProcAttr = &syscall.SysProcAttr{}
		dieWithParent(p.Cmd.SysProcAttr)
	}
	if err := startTracked(p); err != nil {
		p.cancel()
		close(p.done)
		return fmt.Errorf("start %s: %w", p.Cmd.Path, err)
	}
	go p.reap()
	return nil
}

func (p *Process) reap() {
	defer close(p.done)
	err := p.Cmd.Wait()
	untrack(p)
	p.timedOut = errors.Is(p.ctx.Err(), context.DeadlineExceeded)
	p.result = Result{Stdout: p.stdout.String(), Stderr: p.stderr.String(), StdoutMore: p.stdout.counted(), StderrMore: p.stderr.counted(), Code: p.Cmd.ProcessState.ExitCode()}
	if ws, ok := p.Cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		p.result.Signal = ws.Signal()
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		p.result.Stderr += "\n(wait: " + err.Error() + ")"
	}
}

// Wait waits for the process to end, at most until its timeout, when it
// is killed and Wait says so.
func (p *Process) Wait() (Result, error) {
	p.waited = true
	<-p.done
	p.cancel()
	if p.Cmd.ProcessState == nil {
		return p.result, fmt.Errorf("%s did not start", p.Cmd.Path)
	}
	if p.timedOut {
		return p.result, fmt.Errorf("%s did not end within its timeout: %v", p.Cmd.Path, p.result)
	}
	return p.result, nil
}

// Stop kills the process if it is still running, and reaps it. A process
// that never started has nothing to reap.
func (p *Process) Stop() {
	p.stopped = true
	p.cancel()
	if p.started {
		<-p.done
	}
}

// Run starts the process and waits for it.
func (p *Process) Run() (Result, error) {
	if err := p.Start(); err != nil {
		return Result{}, err
	}
	return p.Wait()
}

// Pid returns the process id, or 0 if it has not started (or could not).
func (p *Process) Pid() int {
	if p.Cmd.Process == nil {
		return 0
	}
	return p.Cmd.Process.Pid
}

// Signal sends sig to the process.
func (p *Process) Signal(sig os.Signal) error {
	if p.Cmd.Process == nil {
		return fmt.Errorf("signal %v to %s: not started", sig, p.Cmd.Path)
	}
	return p.Cmd.Process.Signal(sig)
}

// Unreaped reports whether the process was started and then neither
// waited for nor stopped: a test's mistake, which its cleanup reports.
func (p *Process) Unreaped() bool { return p.started && !p.waited && !p.stopped }

// AsNobody makes the prepared process run as the user and group nobody
// (65534), for a test run as root that must see what a user without
// privilege sees.
func (p *Process) AsNobody() {
	p.Cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
}

// Exited reports whether the process has ended.
func (p *Process) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// ExitedWithin waits at most d for the process to end, and reports
// whether it has: a wait on its end, not a poll.
func (p *Process) ExitedWithin(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-p.done:
		return true
	case <-t.C:
		return p.Exited()
	}
}

// WaitStdout waits at most d until what the process has written to its
// standard output matches re, and reports whether it has; false as soon
// as the process has ended without it.
func (p *Process) WaitStdout(re *regexp.Regexp, d time.Duration) bool {
	found := make(chan struct{})
	p.stdout.watch(func(all []byte) bool {
		if re.Match(all) {
			close(found)
			return true
		}
		return false
	})
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-found:
		return true
	case <-p.done:
		return re.MatchString(p.Stdout())
	case <-t.C:
		return false
	}
}

// WaitStderr waits, at most Timeout, until the process has written text to
// its standard error: a readiness signal, such as the line a server prints
// when it starts to stop.
func (p *Process) WaitStderr(text string) error {
	found := make(chan struct{})
	p.stderr.watch(func(all []byte) bool {
		if bytes.Contains(all, []byte(text)) {
			close(found)
			return true
		}
		return false
	})
	select {
	case <-found:
		return nil
	case <-p.done:
		return fmt.Errorf("%s ended before it wrote %q to stderr: %v", p.Cmd.Path, text, p.result)
	case <-time.After(Timeout):
		return fmt.Errorf("%s did not write %q to stderr within %v", p.Cmd.Path, text, Timeout)
	}
}

// syncBuffer is a bytes.Buffer that may be read while the process writes
// it, of at most keep bytes where keep is above 0: what comes after them
// is counted, not kept. A watcher sees everything kept so far, now and
// after each write that keeps more, until it returns true.
type syncBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	keep    int   // set before the process starts
	more    int64 // bytes written past keep
	watcher func(all []byte) bool
}

var _ io.Writer = (*syncBuffer)(nil)

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := len(p)
	if b.keep > 0 && b.buf.Len()+len(p) > b.keep {
		room := max(0, b.keep-b.buf.Len())
		b.more += int64(len(p) - room)
		p = p[:room]
	}
	if len(p) == 0 {
		return n, nil
	}
	b.buf.Write(p) // a bytes.Buffer's Write returns no error
	if b.watcher != nil && b.watcher(b.buf.Bytes()) {
		b.watcher = nil
	}
	return n, nil
}

// counted is how many bytes were written past keep.
func (b *syncBuffer) counted() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.more
}

func (b *syncBuffer) watch(f func(all []byte) bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !f(b.buf.Bytes()) {
		b.watcher = f
	}
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Tool returns the path of an external tool, or an error that says how to
// install it on Debian.
func Tool(name string) (string, error) {
	path, err := exec.LookPath(name)
	if err != nil {
		pkg := map[string]string{"cc": "gcc", "ss": "iproute2", "ip": "iproute2", "qemu-aarch64-static": "qemu-user-static", "rsvg-convert": "librsvg2-bin"}[name]
		if pkg == "" {
			pkg = name
		}
		return "", fmt.Errorf("%s is not installed (Debian: apt-get install %s): %w", name, pkg, err)
	}
	return path, nil
}

// Stdout returns what the process has written to standard output so far.
func (p *Process) Stdout() string { return p.stdout.String() }

// Stderr returns what the process has written to standard error so far.
func (p *Process) Stderr() string { return p.stderr.String() }
