package strace

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"

	"tcpsocket/scripts/lab"

	"golang.org/x/sys/unix"
)

// strace's options: -f follows the Go runtime's threads (and a C
// program's children); -yy prints each descriptor's protocol and
// addresses, which is how the socket calls are told from the rest; -s 256
// keeps whole messages.
var args = []string{"-f", "-yy", "-s", "256"}

// Check says why strace cannot be used here, or nil if it can: it must be
// installed and allowed to ptrace (containers often forbid it).
func Check() error {
	path, err := lab.Tool("strace")
	if err != nil {
		return err
	}
	if out, err := exec.Command(path, "-o", os.DevNull, "true").CombinedOutput(); err != nil {
		return fmt.Errorf("strace -o %s true, to see whether strace can trace here (ptrace not permitted?): %w: %s", os.DevNull, err, out)
	}
	return nil
}

// Traced is a program running under strace.
type Traced struct {
	*lab.Process
	file string // strace's output
}

// Start starts argv under strace, which writes its trace to file.
func Start(file string, argv ...string) (*Traced, error) {
	return StartKeeping(file, 0, argv...)
}

// StartKeeping is Start, keeping at most the first keep bytes of each of
// the program's standard output and error, where keep is above 0, and
// counting the rest (lab.Process.Keep).
func StartKeeping(file string, keep int, argv ...string) (*Traced, error) {
	p := &Traced{file: file}
	all := append(append(append(append([]string{"strace"}, args...), killOnExit()...), "-o", file, "--"), argv...)
	p.Process = lab.New(0, all...)
	p.Keep = keep
	if err := p.Start(); err != nil {
		return nil, err
	}
	return p, nil
}

// SignalTracee sends sig to the traced program, strace's child, found in
// /proc/PID/task/PID/children (proc(5)); to nothing if it has ended.
func (p *Traced) SignalTracee(sig unix.Signal) error {
	pid := p.Pid()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	if err != nil {
		return err
	}
	fields := strings.Fields(string(raw))
	if len(fields) == 0 {
		return nil // the program has ended; strace is about to
	}
	if len(fields) != 1 {
		return fmt.Errorf("strace (pid %d) has children %q; want one", pid, fields)
	}
	child, err := strconv.Atoi(fields[0])
	if err != nil {
		return err
	}
	return unix.Kill(child, sig)
}

// Finish waits for the program to end and parses its trace (Parse). A
// non-zero exit status, or a signal that ended the program (strace ends
// itself with the same signal), is part of the trace, not an error.
func (p *Traced) Finish(fdNames []string, port int) (Trace, error) {
	if _, err := p.Wait(); err != nil {
		return Trace{}, err
	}
	raw, err := os.ReadFile(p.file)
	if err != nil {
		return Trace{}, err
	}
	return Parse(string(raw), fdNames, port)
}

// killOnExit is strace's --kill-on-exit where this strace has it (6.3 and
// later): the programs it traces die with it (PTRACE_O_EXITKILL,
// ptrace(2)), even when it is killed outright along with the tool that
// ran it. An older strace detaches them: an interrupt's clean-up
// (lab.HandleInterrupts) still ends them, a SIGKILL to the tool does not.
var killOnExit = sync.OnceValue(func() []string {
	if exec.Command("strace", "--kill-on-exit", "-o", os.DevNull, "true").Run() != nil {
		return nil
	}
	return []string{"--kill-on-exit"}
})
