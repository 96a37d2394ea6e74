package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/internal/netns"
	"tcpsocket/scripts/internal/ss"
	"tcpsocket/scripts/internal/strace"
	"tcpsocket/scripts/lab"
	"tcpsocket/sockutil/procnet"
)

// What the checker tells the copy of itself that runs in the namespace.
const (
	envExercise = "TCPSOCKET_EXERCISE"
	envProgram  = "TCPSOCKET_EXERCISE_PROGRAM" // the program to check: the C reference, or the learner's
	envPeer     = "TCPSOCKET_EXERCISE_PEER"    // the C peer, built
	envPeerSrc  = "TCPSOCKET_EXERCISE_PEER_SRC"
)

func inNamespace() bool { return netns.Inside() }

// port is the tutorial's: each program is alone in its namespace.
const port = 5000

// Bounds of the lab's waits, well within lab.Timeout, which bounds
// the whole run: a peer's run, and a server's exit after its last client.
const (
	peerTimeout = 10 * time.Second
	exitWait    = 3 * time.Second
	// hungPeer bounds a peer that has no bound of its own (the tutorial's
	// client, which reads until end of file): one still waiting then
	// waits for something the program never does, which is the verdict.
	hungPeer = 4 * time.Second
)

// An outcome is what one run of a program in the lab showed.
type outcome struct {
	Trace   strace.Trace // the program's socket calls
	Program result       // how it ended, and what it printed
	Peers   []result     // each run of the peer, in order
	States  []string     // ss after the exchange (ss.Sockets), where the exercise looks at states
	Notes   []string     // what the run saw that the trace does not say
	Stopped bool         // the program was running when the lab sent it SIGTERM
	Ports   []string     // the calls that name a port, as strace wrote them: ports not normalised
}

// A result is how a program ended and what it printed.
type result struct {
	Stdout, Stderr         string // the first maxKept bytes of each
	StdoutMore, StderrMore int64  // the bytes after those: counted, not kept
	Code                   int    // exit status, -1 if a signal ended it
	Signal                 string // the signal that ended it: "SIGTERM"
	Hung                   bool   // a peer still running at its bound, killed
}

// maxKept bounds what the lab keeps of what a program, or a peer, prints:
// on each of standard output and error, the first maxKept bytes, as they
// come; the rest is counted. The checks read what is kept; the report
// quotes less (maxShown).
const maxKept = 64 << 10

func resultOf(r lab.Result) result {
	out := result{Stdout: r.Stdout, Stderr: r.Stderr, StdoutMore: r.StdoutMore, StderrMore: r.StderrMore, Code: r.Code}
	if r.Signal != 0 {
		out.Signal = unix.SignalName(r.Signal)
	}
	return out
}

// A trial is one run, in the namespace: the program, its peer, the outcome.
type trial struct {
	ex      spec
	program string
	peer    string
	peerSrc string
	dir     string
	out     outcome
	traced  *strace.Traced // the program, under strace
}

// labMain runs in the namespace: lo up, the exercise's scenario, the
// outcome printed as JSON on standard output.
func labMain() int {
	if err := netns.LoopbackUp(); err != nil {
		fmt.Fprintf(os.Stderr, "exercise: lo up: %v\n", err)
		return netns.Exit(err)
	}
	ex, ok := specFor(os.Getenv(envExercise))
	if !ok {
		fmt.Fprintf(os.Stderr, "exercise: no exercise %q\n", os.Getenv(envExercise))
		return 1
	}
	tmp, err := os.MkdirTemp("", "exercise-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "exercise: %v\n", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	if ex.small {
		if err := smallBuffers(); err != nil {
			fmt.Fprintf(os.Stderr, "exercise: small socket buffers: %v\n", err)
			return netns.Exit(err)
		}
	}
	l := &trial{ex: ex, program: os.Getenv(envProgram), peer: os.Getenv(envPeer), peerSrc: os.Getenv(envPeerSrc), dir: tmp}
	if err := l.run(); err != nil {
		fmt.Fprintf(os.Stderr, "exercise: %v\n", err)
		return netns.Exit(err)
	}
	if err := json.NewEncoder(os.Stdout).Encode(l.out); err != nil {
		fmt.Fprintf(os.Stderr, "exercise: %v\n", err)
		return 1
	}
	return 0
}

// smallBuffers makes every TCP socket's buffers in this namespace 4 KiB,
// with no growth (tcp(7): tcp_rmem, tcp_wmem; per network namespace since
// Linux 4.15), so that a peer that does not read makes the server's write
// to it wait after a few KiB, not a few MiB.
func smallBuffers() error {
	for _, name := range []string{"tcp_rmem", "tcp_wmem"} {
		if err := os.WriteFile("/proc/sys/net/ipv4/"+name, []byte("4096 4096 4096"), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// run is one run of the exercise: a server under strace with the peer
// as its client(s), or a client under strace against the peer as server.
func (l *trial) run() error {
	if l.ex.writes == "client" {
		return l.runClient()
	}
	return l.runServer()
}

func (l *trial) runServer() error {
	var err error
	if l.traced, err = strace.StartKeeping(filepath.Join(l.dir, "trace"), maxKept, l.program); err != nil {
		return err
	}
	defer l.traced.Stop()
	if l.waitReady(l.traced.Process) {
		if err := l.ex.talk(l); err != nil {
			return err
		}
	}
	if l.ex.stops {
		// It serves until it is stopped: stop it, as Ctrl-C would.
		stopped, err := l.terminate()
		if err != nil {
			return err
		}
		l.out.Stopped = stopped
	} else if !l.traced.ExitedWithin(l.exitWait()) {
		l.note("the server was still running %v after its client was done: stopped with SIGTERM", l.exitWait())
		if _, err := l.terminate(); err != nil {
			return err
		}
	}
	if err := l.finish(); err != nil {
		return err
	}
	// A program that ended by itself as it was sent the SIGTERM was not
	// stopped by it: the trace shows the signal's delivery only to a
	// program still running (kill(2) succeeds on one that has ended, until
	// strace waits for it). Seen: forever's starting point, which ends
	// after its first client, taken for stopped, 4 runs in 120 with every
	// CPU busy, and given the wrong verdict.
	l.out.Stopped = l.out.Stopped && l.out.Trace.Terminated
	return nil
}

func (l *trial) runClient() error {
	srv := lab.New(peerTimeout+exitWait, l.peer) // the client's bound comes first
	srv.Keep = maxKept
	if err := srv.Start(); err != nil {
		return err
	}
	defer srv.Stop()
	if !l.waitReady(srv) {
		return fmt.Errorf("the peer %s did not listen: %v", l.peerSrc, l.out.Notes)
	}
	var err error
	if l.traced, err = strace.StartKeeping(filepath.Join(l.dir, "trace"), maxKept, l.program); err != nil {
		return err
	}
	defer l.traced.Stop()
	if !l.traced.ExitedWithin(peerTimeout) {
		l.note("the client was still running %v after it started: stopped with SIGTERM", peerTimeout)
		if _, err := l.terminate(); err != nil {
			return err
		}
	}
	if err := l.finish(); err != nil {
		return err
	}
	r, err := srv.Wait()
	if err != nil && srv.Cmd.ProcessState == nil {
		return fmt.Errorf("the peer %s: %w", l.peerSrc, err)
	}
	out := resultOf(r)
	if err != nil {
		out.Hung = true
		l.note("the server was still waiting %v after it started: stopped", peerTimeout+exitWait)
	}
	l.out.Peers = append(l.out.Peers, out)
	return nil
}

// terminate sends SIGTERM to the traced program, strace's child, as
// Ctrl-C would, and reports whether it was still there to get it: a
// program that has just ended, with strace after it, is not an error, and
// was not stopped. (strace.SignalTracee does the same, without saying
// which.)
func (l *trial) terminate() (bool, error) {
	if l.traced.Exited() {
		return false, nil
	}
	pid := l.traced.Pid()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil // strace has ended too
	}
	if err != nil {
		return false, err
	}
	fields := strings.Fields(string(raw))
	if len(fields) != 1 {
		return false, nil // the program has ended; strace is about to
	}
	child, err := strconv.Atoi(fields[0])
	if err != nil {
		return false, err
	}
	if err := unix.Kill(child, unix.SIGTERM); err == unix.ESRCH {
		return false, nil // ended as it was sent
	} else if err != nil {
		return false, err
	}
	return true, nil
}

// finish waits for the traced program and records its trace and ending,
// and the sockets' states where the exercise asks for them.
func (l *trial) finish() error {
	names := l.ex.fds
	switch {
	case names == nil && l.ex.writes == "server":
		names = serverFDs
	case names == nil:
		names = strace.ClientFDs
	}
	// strace ends with the last process it follows: one the program left
	// running would keep it, and the check, waiting.
	if !l.traced.ExitedWithin(l.exitWait()) {
		if n := endStrays(l.traced.Pid()); n > 0 {
			l.note("%d process(es) were still running after your program had ended or been stopped (a child it started, which strace follows): the checker killed them", n)
		}
	}
	tr, err := l.traced.Finish(names, port)
	if err != nil {
		return err
	}
	r, _ := l.traced.Wait() // Finish has waited: this is its result
	l.out.Trace, l.out.Program = tr, resultOf(r)
	l.out.Ports = portCalls(filepath.Join(l.dir, "trace"))
	if l.ex.states {
		states, err := ss.Sockets(port)
		if err != nil {
			return err
		}
		l.out.States = states
	}
	return nil
}

// The names of a server's sockets: the listening one, then each
// connection in the order it appears.
var serverFDs = []string{"listenfd", "connfd", "connfd2", "connfd3", "connfd4"}

// waitReady waits until something in this namespace listens on TCP or is
// bound on UDP (there is nothing else here: it is p's), at most
// peerTimeout; it reports false, with a note, if p ended first.
func (l *trial) waitReady(p *lab.Process) bool {
	deadline := time.Now().Add(peerTimeout)
	for i := 0; time.Now().Before(deadline); i++ {
		if bound() {
			return true
		}
		if p.Exited() {
			r, _ := p.Wait()
			l.note("it ended before it listened (%s)", ending(resultOf(r)))
			return false
		}
		time.Sleep(time.Duration(min(i+1, 20)) * time.Millisecond)
	}
	l.note("nothing listened within %v", peerTimeout)
	return false
}

// bound reports whether a TCP socket listens (TCP_LISTEN) or a UDP
// socket is bound, anywhere in this namespace (procnet: the tables list
// the namespace's sockets).
func bound() bool {
	tcp, _ := procnet.Read(procnet.TCP)
	for _, s := range tcp {
		if s.State == procnet.Listen {
			return true
		}
	}
	udp, _ := procnet.Read(procnet.UDP)
	return len(udp) > 0
}

// exitWait is how long a server has to end after its client is done:
// exitWait, or a moment where the peer failed, and the verdict is known.
func (l *trial) exitWait() time.Duration {
	for _, p := range l.out.Peers {
		if p.Code != 0 {
			return 200 * time.Millisecond
		}
	}
	if len(l.out.Peers) == 0 {
		return 200 * time.Millisecond
	}
	return exitWait
}

// runPeer runs the peer (or argv, where given) to its end, at most
// hungPeer, and records what it printed. A peer still running then is
// waiting for the program: it is killed, and its result says so.
func (l *trial) runPeer(argv ...string) (result, error) {
	if len(argv) == 0 {
		argv = []string{l.peer}
	}
	p := lab.New(hungPeer, argv...)
	p.Keep = maxKept
	r, err := p.Run()
	if err != nil && p.Cmd.ProcessState == nil {
		return result{}, fmt.Errorf("the peer %s: %w", l.peerSrc, err)
	}
	out := resultOf(r)
	if err != nil {
		out.Hung = true
		l.note("the client (run %d) was still waiting %v after it started: stopped", len(l.out.Peers)+1, hungPeer)
	}
	l.out.Peers = append(l.out.Peers, out)
	return out, nil
}

// portCalls returns the calls of the trace in file that name a port
// (htons), as strace wrote them, descriptors bare: what the checks that
// compare two ports read, before Parse makes every ephemeral port the same.
func portCalls(file string) []string {
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	lines, err := strace.Lines(string(raw))
	if err != nil {
		return nil
	}
	var out []string
	for _, line := range lines {
		if strings.Contains(line.Text, "htons(") && !strings.HasPrefix(line.Text, "---") {
			out = append(out, line.Text)
		}
	}
	return out
}

func (l *trial) note(format string, args ...any) {
	l.out.Notes = append(l.out.Notes, fmt.Sprintf(format, args...))
}

// ending says how a program ended: "exit 1", "killed by SIGTERM".
func ending(r result) string {
	if r.Hung {
		return "still waiting, stopped"
	}
	if r.Signal != "" {
		return "killed by " + r.Signal
	}
	return fmt.Sprintf("exit %d", r.Code)
}
