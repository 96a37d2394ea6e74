//go:build linux && (amd64 || arm64)

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"tcpsocket/scripts/lab"

	"golang.org/x/sys/unix"
)

// A stepper runs programs under ptrace(2) and stops each at every socket
// call, as strace does (PTRACE_SYSCALL, PTRACE_O_TRACECLONE to follow the Go
// runtime's threads), but holds a thread at the entry of a socket call
// until it is told to let the call run: so the tour can let the server and
// the client go in turn, and look at the kernel's sockets between two
// calls. Every ptrace request comes from the one OS thread that started
// the programs (ptrace(2): "the tracer" is a thread), so the caller locks
// it (runtime.LockOSThread) for the stepper's life.
type stepper struct {
	procs    []*proc
	threads  map[int]*thread
	deadline time.Time
}

// newStepper returns a stepper that gives up after half of lab.Timeout,
// so that its error, not netns.Run's bound on the whole copy, says what hung.
func newStepper() *stepper {
	return &stepper{threads: map[int]*thread{}, deadline: time.Now().Add(lab.Timeout / 2)}
}

// A proc is one traced program.
type proc struct {
	name    string // "server", "client"
	pid     int
	fdNames []string       // the C's names for its sockets, in order
	fds     map[int]string // socket descriptor -> name
	held    *thread        // a thread stopped at a socket call's entry
	exited  bool
	status  unix.WaitStatus
	stdout  *os.File // what it prints, read when it ends before its time (printed); closed by stop
}

// A thread is one of a proc's threads.
type thread struct {
	tid        int
	proc       *proc
	inSyscall  bool
	call       call // the call it is in, read at its entry
	released   bool // its held call was let run; its exit is awaited
	atExit     bool // stopped at the exit of a released call
	restarting bool // a signal interrupted its call, which the kernel makes again
}

// A call is a system call as the stepper read it.
type call struct {
	tid  int // the thread that made it, stopped at its exit while it is read
	nr   uint64
	args [3]uint64
	ret  int64
}

// start starts argv stopped at its first instruction (PTRACE_TRACEME, by
// SysProcAttr.Ptrace) and lets it run to its first socket call.
func (s *stepper) start(name string, fdNames []string, argv ...string) (*proc, error) {
	// Its standard output goes to a file of its own, unlinked at once, not
	// to the tour's: a file, not a pipe, so that a program stopped under
	// ptrace never waits for a reader.
	out, err := os.CreateTemp("", "tour-stdout-")
	if err != nil {
		return nil, err
	}
	os.Remove(out.Name())
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = out, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Ptrace: true} // and PTRACE_O_EXITKILL: it dies with the tour
	if err := cmd.Start(); err != nil {
		out.Close()
		return nil, err
	}
	p := &proc{name: name, pid: cmd.Process.Pid, fdNames: fdNames, fds: map[int]string{}, stdout: out}
	s.procs = append(s.procs, p)
	var ws unix.WaitStatus
	if _, err := unix.Wait4(p.pid, &ws, unix.WALL, nil); err != nil {
		return nil, fmt.Errorf("wait4 for the %s's stop at exec: %w", name, err)
	}
	if !ws.Stopped() {
		return nil, fmt.Errorf("the %s did not stop at exec: %v%s", name, ws, p.printed())
	}
	s.threads[p.pid] = &thread{tid: p.pid, proc: p}
	opts := unix.PTRACE_O_TRACESYSGOOD | unix.PTRACE_O_TRACECLONE | unix.PTRACE_O_EXITKILL
	if err := unix.PtraceSetOptions(p.pid, opts); err != nil {
		return nil, fmt.Errorf("ptrace %s: %w (is ptrace permitted here?)", name, err)
	}
	return p, unix.PtraceSyscall(p.pid, 0)
}

// next lets p run until one of its threads is at the entry of a socket
// call, and returns that call's name. Other programs' socket calls are
// held meanwhile.
func (s *stepper) next(p *proc) (string, error) {
	for p.held == nil {
		if p.exited {
			return "", fmt.Errorf("%s ended: %v%s", p.name, p.status, p.printed())
		}
		if err := s.wait(); err != nil {
			return "", fmt.Errorf("waiting for the %s's next socket call: %w", p.name, err)
		}
	}
	return callName(p.held.call.nr), nil
}

// run lets p's held call run and returns it with its result, the thread
// stopped at the call's exit (or, for exit_group, the program gone), so
// that the kernel's state can be read exactly after the call.
func (s *stepper) run(p *proc) (call, error) {
	t := p.held
	p.held = nil
	t.released = true
	if err := gone(unix.PtraceSyscall(t.tid, 0)); err != nil {
		return call{}, fmt.Errorf("let the %s's %s run: %w", p.name, callName(t.call.nr), err)
	}
	for !t.atExit && !p.exited {
		if err := s.wait(); err != nil {
			return call{}, fmt.Errorf("waiting for the %s's %s to return: %w", p.name, callName(t.call.nr), err)
		}
	}
	if !t.atExit && t.call.nr != unix.SYS_EXIT_GROUP {
		return call{}, fmt.Errorf("the %s ended (%v) in its %s%s", p.name, p.status, callName(t.call.nr), p.printed())
	}
	return t.call, nil
}

// resume lets the threads that run stopped at a call's exit go on.
func (s *stepper) resume() error {
	for _, t := range s.threads {
		if t.atExit {
			t.atExit = false
			if err := gone(unix.PtraceSyscall(t.tid, 0)); err != nil {
				return err
			}
		}
	}
	return nil
}

// wait handles one ptrace stop or exit of any traced thread. __WNOTHREAD
// (wait(2)): only this thread's tracees and children, never a process that
// another thread started and waits for. It waits at most until the
// stepper's deadline: wait4(2) with WNOHANG, again after a pause that
// grows from 10 µs to 2 ms.
func (s *stepper) wait() error {
	var ws unix.WaitStatus
	for pause := 10 * time.Microsecond; ; pause = min(2*pause, 2*time.Millisecond) {
		tid, err := unix.Wait4(-1, &ws, unix.WALL|unix.WNOTHREAD|unix.WNOHANG, nil)
		if errors.Is(err, unix.EINTR) {
			continue // wait(2): a signal came before any thread was reaped
		}
		if err != nil {
			return fmt.Errorf("wait4 for the traced threads' stops: %w", err)
		}
		if tid > 0 {
			return s.handle(tid, ws)
		}
		if time.Now().After(s.deadline) {
			return errors.New("no traced thread stopped in time")
		}
		time.Sleep(pause)
	}
}

// handle handles one stop or exit that Wait4 reported.
func (s *stepper) handle(tid int, ws unix.WaitStatus) error {
	var err error
	t := s.threads[tid]
	if t == nil { // a new thread whose first stop came before its clone event
		t, err = s.adopt(tid)
		if err != nil {
			return err
		}
	}
	switch {
	case ws.Exited() || ws.Signaled():
		delete(s.threads, tid)
		if tid == t.proc.pid {
			t.proc.exited, t.proc.status = true, ws
		}
		return nil
	case !ws.Stopped():
		return nil
	case ws.StopSignal() == unix.SIGTRAP|0x80:
		return s.syscallStop(t)
	case ws.TrapCause() == unix.PTRACE_EVENT_CLONE:
		newTid, err := unix.PtraceGetEventMsg(tid)
		if err == nil && s.threads[int(newTid)] == nil {
			s.threads[int(newTid)] = &thread{tid: int(newTid), proc: t.proc}
		}
		return gone(unix.PtraceSyscall(tid, 0))
	case ws.StopSignal() == unix.SIGSTOP || ws.StopSignal() == unix.SIGTRAP:
		return gone(unix.PtraceSyscall(tid, 0)) // a new thread's first stop; exec
	}
	// A signal for the program (Go's runtime sends itself SIGURG): deliver it.
	return gone(unix.PtraceSyscall(tid, int(ws.StopSignal())))
}

// adopt finds the program of a thread by its thread group (proc(5)).
func (s *stepper) adopt(tid int) (*thread, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", tid))
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "Tgid:"); ok {
			pid, _ := strconv.Atoi(strings.TrimSpace(v))
			for _, p := range s.procs {
				if p.pid == pid {
					t := &thread{tid: tid, proc: p}
					s.threads[tid] = t
					return t, nil
				}
			}
		}
	}
	return nil, fmt.Errorf("thread %d belongs to no traced program", tid)
}

// syscallStop handles a stop at a system call's entry or exit: a socket
// call's entry is held; the exit of a held call that ran records its
// result and stays stopped; any other call goes on.
func (s *stepper) syscallStop(t *thread) error {
	t.inSyscall = !t.inSyscall
	nr, args, ret, err := syscallRegs(t.tid)
	if err != nil {
		return gone(err)
	}
	if t.inSyscall {
		if t.restarting {
			// Until the released call is made again, every call goes
			// on: the signal handler's own, and its rt_sigreturn(2).
			t.restarting = nr != t.call.nr && nr != unix.SYS_RESTART_SYSCALL
			return gone(unix.PtraceSyscall(t.tid, 0))
		}
		if t.proc.isSocketCall(nr, args) {
			t.call = call{tid: t.tid, nr: nr, args: args}
			t.proc.held = t
			return nil
		}
		return gone(unix.PtraceSyscall(t.tid, 0))
	}
	// restart_syscall(2) is how the kernel goes on with some calls that a
	// signal interrupted: its exit is the call's.
	if t.released && (t.call.nr == nr || nr == unix.SYS_RESTART_SYSCALL) && !restarted(ret) {
		t.call.ret = ret
		t.atExit = true
		t.released = false
		t.proc.record(t.call)
		return nil
	}
	if t.released && restarted(ret) {
		// A signal interrupted the released call (Go's runtime sends
		// SIGURG to preempt, more often on a busy machine): the signal is
		// delivered, its handler runs, makes its own calls and ends with
		// rt_sigreturn(2), and only then does the kernel make the call
		// again (signal(7), SA_RESTART). Seen: holding rt_sigreturn's
		// entry as the call made again, then the call made again as a new
		// one to hold, the tour waited for ever (one in fifteen).
		t.restarting = true
	}
	return gone(unix.PtraceSyscall(t.tid, 0))
}

// gone forgives ESRCH: a thread stopped under ptrace can be killed before
// the tracer's next request (its program's exit_group, a SIGKILL), and
// then every request on it fails with ESRCH (ptrace(2), "Death under
// ptrace": the tracer must be prepared for it). Its death is what the next
// wait reports. Seen here: a server thread that /proc showed as a zombie,
// its program's exit_group under way.
func gone(err error) error {
	if errors.Is(err, unix.ESRCH) {
		return nil
	}
	return err
}

// restarted reports a result by which the kernel says it will make the
// call again after a signal handler (ERESTARTSYS and its kin, 512 to 516).
func restarted(ret int64) bool { return ret <= -512 && ret >= -516 }

// isSocketCall reports whether a call is one the tour stops at: the
// tutorial's calls, reads, writes and closes of a socket, and the exit.
func (p *proc) isSocketCall(nr uint64, args [3]uint64) bool {
	switch nr {
	case unix.SYS_SOCKET, unix.SYS_BIND, unix.SYS_LISTEN, unix.SYS_ACCEPT, unix.SYS_ACCEPT4, unix.SYS_CONNECT, unix.SYS_EXIT_GROUP:
		return true
	case unix.SYS_READ, unix.SYS_WRITE, unix.SYS_CLOSE:
		_, ok := p.fds[int(args[0])]
		return ok
	}
	return false
}

// record names the sockets a call made, as the C names them.
func (p *proc) record(c call) {
	switch c.nr {
	case unix.SYS_SOCKET, unix.SYS_ACCEPT, unix.SYS_ACCEPT4:
		if c.ret >= 0 {
			name := fmt.Sprintf("sock%d", len(p.fds)+1)
			if len(p.fds) < len(p.fdNames) {
				name = p.fdNames[len(p.fds)]
			}
			p.fds[int(c.ret)] = name
		}
	}
}

// stop kills whatever still runs (PTRACE_O_EXITKILL would, when the
// tracer ends) and reaps it, and closes the files of their output.
func (s *stepper) stop() {
	defer func() {
		for _, p := range s.procs {
			p.stdout.Close()
		}
	}()
	for _, p := range s.procs {
		if !p.exited {
			unix.Kill(p.pid, unix.SIGKILL)
		}
	}
	for len(s.threads) > 0 {
		var ws unix.WaitStatus
		tid, err := unix.Wait4(-1, &ws, unix.WALL|unix.WNOTHREAD, nil)
		if err != nil {
			return
		}
		if ws.Exited() || ws.Signaled() {
			delete(s.threads, tid)
		}
	}
}

// printed is what p wrote to its standard output, for the error that says
// it ended before its time: the client's "Error : ..." says why. Empty if
// it wrote nothing.
func (p *proc) printed() string {
	b := make([]byte, 1024)
	n, err := p.stdout.ReadAt(b, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Sprintf(", its output unread (%v)", err)
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(", having printed %q", b[:n])
}

func callName(nr uint64) string {
	return map[uint64]string{
		unix.SYS_SOCKET: "socket", unix.SYS_BIND: "bind", unix.SYS_LISTEN: "listen", unix.SYS_ACCEPT: "accept",
		unix.SYS_ACCEPT4: "accept4", unix.SYS_CONNECT: "connect", unix.SYS_READ: "read", unix.SYS_WRITE: "write",
		unix.SYS_CLOSE: "close", unix.SYS_EXIT_GROUP: "exit_group",
	}[nr]
}
