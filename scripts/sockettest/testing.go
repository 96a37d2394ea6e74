package sockettest

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"tcpsocket/scripts/lab"
)

// This file is the testing face: each function takes the test and turns
// an error of the library (lab) into a failure of the test.

// A Process is a lab.Process that a test started: its Must methods fail
// the test where lab's return an error.
type Process struct{ *lab.Process }

// A Server is a Go server a test started (StartServer), listening on Port.
type Server struct {
	*Process
	Port int
}

// Result is how a finished process ended (lab.Result).
type Result = lab.Result

// Programs are the paths of the programs a test runs (lab.Programs).
type Programs = lab.Programs

// RequireTool returns the path of an external tool the test needs. Where it
// is missing the test is skipped with the reason, unless the environment
// variable CI is set (as .ci/run does): there a missing tool is a failure,
// so that a skip can never pass for a pass.
func RequireTool(t testing.TB, name string) string {
	t.Helper()
	path, err := lab.Tool(name)
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

// Prepare returns bin with args, not yet started, for a test that changes
// how it runs (AsNobody, Cmd.Stdout) before it starts it. It is bounded by
// the test's deadline as well as by Timeout, and stopped when the test
// ends; the test fails if it started it and neither waited for it nor
// stopped it.
func Prepare(t testing.TB, bin string, args ...string) *Process {
	t.Helper()
	return prepare(t, testTimeout(t), append([]string{bin}, args...))
}

// Make prepares make(1) with args, as a user starts it at a shell: without
// the variables a make running the tests passes on (make test runs go test
// under make -j2). MAKEFLAGS names that make's jobserver, whose descriptors
// do not reach the test's make, which then warns "jobserver unavailable: using
// -j1" (once a line of 81 columns in make help's output).
func Make(t testing.TB, args ...string) *Process {
	t.Helper()
	RequireTool(t, "make")
	p := Prepare(t, "make", args...)
	p.Cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return name == "MAKEFLAGS" || name == "MFLAGS" || name == "MAKELEVEL"
	})
	return p
}

func prepare(t testing.TB, timeout time.Duration, argv []string) *Process {
	p := &Process{lab.New(timeout, argv...)}
	t.Cleanup(func() {
		if p.Unreaped() && !t.Failed() {
			t.Errorf("%s was started, but the test neither waited for it nor stopped it", p.Cmd.Path)
		}
		p.Stop()
	})
	return p
}

// testTimeout is Timeout, or less if the test's deadline (go test
// -timeout) comes first: a process must not outlive the test that
// started it, and the test must have time to report.
func testTimeout(t testing.TB) time.Duration {
	d := lab.Timeout
	if tt, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if deadline, ok := tt.Deadline(); ok {
			d = min(d, time.Until(deadline)*9/10)
		}
	}
	return d
}

// MustStart is Start for a test.
func (p *Process) MustStart(t testing.TB) {
	t.Helper()
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
}

// MustWait is Wait for a test: a process that does not end within its
// timeout is killed and fails the test.
func (p *Process) MustWait(t testing.TB) Result {
	t.Helper()
	r, err := p.Wait()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// MustRun is Run for a test.
func (p *Process) MustRun(t testing.TB) Result {
	t.Helper()
	p.MustStart(t)
	return p.MustWait(t)
}

// MustWaitStderr is WaitStderr for a test.
func (p *Process) MustWaitStderr(t testing.TB, text string) {
	t.Helper()
	if err := p.WaitStderr(text); err != nil {
		t.Fatal(err)
	}
}

// Start starts bin with args (Prepare).
func Start(t testing.TB, bin string, args ...string) *Process {
	t.Helper()
	p := Prepare(t, bin, args...)
	p.MustStart(t)
	return p
}

// StartTo is Start with the program's standard output going to stdout
// (a pipe, a Sink) instead of Result.Stdout.
func StartTo(t testing.TB, stdout io.Writer, bin string, args ...string) *Process {
	t.Helper()
	p := Prepare(t, bin, args...)
	p.Cmd.Stdout = stdout
	p.MustStart(t)
	return p
}

// Run runs bin with args to the end.
func Run(t testing.TB, bin string, args ...string) Result {
	t.Helper()
	return Start(t, bin, args...).MustWait(t)
}

// RunFailing runs bin with args, which is expected to fail at once (a bind
// on a taken port, a refused connect), bounded by FailFast instead of
// Timeout: where the kernel did not give the test its premise (the port
// was free after all), the program would wait for a client, and the test
// should learn that in seconds, not half a minute.
func RunFailing(t testing.TB, bin string, args ...string) Result {
	t.Helper()
	p := prepare(t, min(FailFast, testTimeout(t)), append([]string{bin}, args...))
	p.MustStart(t)
	r, err := p.Wait()
	if err != nil {
		t.Fatalf("expected to fail at once: %v", err)
	}
	return r
}

// FailFast bounds a process that is expected to fail at once: 5 s (×4
// under an emulator, as Timeout).
var FailFast = lab.Timeout / 6

// StartServer starts the Go server bin with args and -port 0, and returns
// once it reports the port it listens on (Process.StartServer).
func StartServer(t testing.TB, bin string, args ...string) *Server {
	t.Helper()
	p := Prepare(t, bin, append(args, "-port", "0")...)
	srv, err := p.StartServer()
	if err != nil {
		t.Fatal(err)
	}
	return &Server{Process: p, Port: srv.Port}
}

// NoPanic fails the test if a Go program's output shows a panic or a
// goroutine dump: every failure must be one line and an exit status.
func NoPanic(t testing.TB, r lab.Result) {
	t.Helper()
	for _, bad := range []*regexp.Regexp{panicked, goroutineDump, runtimeError, signalStack} {
		if m := bad.FindString(r.Stdout + r.Stderr); m != "" {
			t.Errorf("output contains %q: %v", m, r)
			return
		}
	}
}

// What the Go runtime prints when a program panics or dies: "panic: ...",
// a goroutine's header in the dump ("goroutine 1 [running]:"), "runtime
// error", "[signal SIGSEGV ...".
var (
	panicked      = regexp.MustCompile(`panic:`)
	goroutineDump = regexp.MustCompile(`goroutine \d+ \[`)
	runtimeError  = regexp.MustCompile(`runtime error`)
	signalStack   = regexp.MustCompile(`\[signal `)
)

// MustWaitListening is WaitListening for a test.
func (p *Process) MustWaitListening(t testing.TB, port int) {
	t.Helper()
	if err := p.WaitListening(port); err != nil {
		t.Fatal(err)
	}
}

// RefusingPort returns a port on ip where a connect(2) is refused, held
// until the test ends (refusingPort).
func RefusingPort(t testing.TB, ip string) int {
	t.Helper()
	port, release, err := lab.RefusingPort(ip)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(release)
	return port
}

// Fits fails the test for each line of out wider than width columns.
func Fits(t testing.TB, what, out string, width int) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(line); n > width {
			t.Errorf("%s: a line of %d columns, more than %d:\n%s", what, n, width, line)
		}
	}
}
