package lab

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// What a tool has started and not yet ended: its temporary folders and
// its processes. Cleanup and an interrupt (HandleInterrupts) end them.
var started struct {
	sync.Mutex
	dirs  map[string]bool
	procs map[*Process]bool
	hooks map[*func()]bool
}

// interrupted is set when an interrupt's clean-up has begun.
var interrupted atomic.Bool

// handleOnce installs the interrupt handler once.
var handleOnce sync.Once

// scratchPrefix begins the name of every temporary folder of the lab:
// tcpsocket-NAME-PID-RANDOM, so that a later run can tell a folder whose
// run was killed outright (SIGKILL, which no handler sees) by its PID.
const scratchPrefix = "tcpsocket-"

// TempDir creates a temporary folder for one run of a tool, named
// tcpsocket-NAME-PID-*, in the system's temporary directory ($TMPDIR);
// RemoveTempDir, Cleanup or an interrupt removes it. First it removes the
// folders of runs that were killed outright: those whose PID has ended.
func TempDir(name string) (string, error) {
	Sweep(os.TempDir())
	started.Lock()
	defer started.Unlock()
	if interrupted.Load() {
		return "", fmt.Errorf("temporary folder for %s: %w", name, errInterrupted)
	}
	dir, err := os.MkdirTemp("", fmt.Sprintf("%s%s-%d-", scratchPrefix, name, os.Getpid()))
	if err != nil {
		return "", fmt.Errorf("temporary folder for %s: %w", name, err)
	}
	if started.dirs == nil {
		started.dirs = map[string]bool{}
	}
	started.dirs[dir] = true
	return dir, nil
}

// errInterrupted is what TempDir and Process.Start return once an
// interrupt's clean-up has begun. Each makes its folder or starts its
// process with the record of what was started locked, and records it
// before it lets go: so that Cleanup finds everything begun before it,
// and nothing begins after it.
var errInterrupted = errors.New("interrupted")

// RemoveTempDir removes a folder that TempDir created, and only then
// forgets it: an interrupt whose clean-up ends the process in the middle
// of the removal still finds the folder in the record, and removes it.
// (Forgotten first, it was left behind: make flakes, exercises'
// TestInterruptLeavesNothing, SIGINT as cc starts, 1 run in 20.)
func RemoveTempDir(dir string) error {
	err := removeAll(dir)
	started.Lock()
	delete(started.dirs, dir)
	started.Unlock()
	return err
}

// removeAll removes dir, after detaching what is mounted on it (a
// tracefs, tcpstates), so that the removal never reaches into a mounted
// file system.
func removeAll(dir string) error {
	unmount(dir)
	return os.RemoveAll(dir)
}

// Sweep removes the lab's temporary folders in dir left by runs that have
// ended: tcpsocket-NAME-PID-* where no process PID exists (kill(2) with
// signal 0 fails with ESRCH). A folder of a live run, or of a PID that is
// another program's now, stays.
func Sweep(dir string) {
	dirs, _ := filepath.Glob(filepath.Join(dir, scratchPrefix+"*-*-*"))
	for _, dir := range dirs {
		parts := strings.Split(strings.TrimPrefix(filepath.Base(dir), scratchPrefix), "-")
		if len(parts) < 3 {
			continue
		}
		pid, err := strconv.Atoi(parts[len(parts)-2])
		if err != nil || pid <= 0 {
			continue
		}
		if errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
			removeAll(dir)
		}
	}
}

// startTracked starts p's command and records it until it is reaped
// (untrack); see errInterrupted.
func startTracked(p *Process) error {
	started.Lock()
	defer started.Unlock()
	if interrupted.Load() {
		return errInterrupted
	}
	if err := p.Cmd.Start(); err != nil {
		return err
	}
	if started.procs == nil {
		started.procs = map[*Process]bool{}
	}
	started.procs[p] = true
	return nil
}

// untrack forgets a process that has been reaped.
func untrack(p *Process) {
	started.Lock()
	defer started.Unlock()
	delete(started.procs, p)
}

// Cleanup ends what the tool started and has not ended: it kills each
// process still running (its process group too, where it leads one, as
// netns.Run's copy does) and its descendants (killDescendants), waits for
// them, at most 5 seconds, and removes every temporary folder.
func Cleanup() {
	started.Lock()
	procs := make([]*Process, 0, len(started.procs))
	for p := range started.procs {
		procs = append(procs, p)
	}
	dirs := make([]string, 0, len(started.dirs))
	for d := range started.dirs {
		dirs = append(dirs, d)
	}
	hooks := make([]func(), 0, len(started.hooks))
	for h := range started.hooks {
		hooks = append(hooks, *h)
	}
	started.dirs, started.hooks = nil, nil
	started.Unlock()
	for _, p := range procs {
		if pid := p.Pid(); pid > 0 {
			if attr := p.Cmd.SysProcAttr; attr != nil && attr.Setpgid {
				syscall.Kill(-pid, syscall.SIGKILL)
			}
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	killDescendants(deadline)
	for _, p := range procs {
		select {
		case <-p.done:
		case <-time.After(time.Until(deadline)):
		}
	}
	for _, h := range hooks {
		h()
	}
	for _, d := range dirs {
		removeAll(d)
	}
}

// OnCleanup has Cleanup (and so an interrupt) run f, after it has killed
// the processes: what undoes a change outside this process (a tracefs
// instance), which must happen on every path. The returned function
// cancels it, once the caller has undone the change itself.
func OnCleanup(f func()) (cancel func()) {
	started.Lock()
	defer started.Unlock()
	if started.hooks == nil {
		started.hooks = map[*func()]bool{}
	}
	key := &f
	started.hooks[key] = true
	return func() {
		started.Lock()
		defer started.Unlock()
		delete(started.hooks, key)
	}
}

// Interrupted reports whether an interrupt's clean-up has begun: the
// program must then not go on, or exit by itself, but wait for the end
// the signal brings.
func Interrupted() bool { return interrupted.Load() }

// HandleInterrupts makes an interrupt end what the tool started: on
// SIGINT (Ctrl-C), SIGTERM or SIGHUP it runs Cleanup, then dies of the
// signal, as it would have without the handler, so that the shell and
// make see it (status 130 for Ctrl-C). A tool calls it first thing; the
// processes it starts through this package die with it if it is killed
// outright (adopt).
//
// A signal ignored when the tool started (SIGINT in a shell's background
// job) stays ignored.
func HandleInterrupts() { handleOnce.Do(handleInterrupts) }

func handleInterrupts() {
	adopt()
	c := make(chan os.Signal, 1)
	for _, sig := range []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		if !signal.Ignored(sig) {
			signal.Notify(c, sig)
		}
	}
	go func() {
		sig := (<-c).(syscall.Signal)
		interrupted.Store(true)
		Cleanup()
		signal.Reset(sig)
		syscall.Kill(os.Getpid(), sig)
		time.Sleep(time.Second) // the signal ends the process; this is only its bound
		os.Exit(128 + int(sig))
	}()
}

// Exit ends the tool with status code, after Cleanup: the way out of a
// tool that started processes or made folders, since os.Exit runs no
// deferred call.
func Exit(code int) {
	if Interrupted() {
		select {} // the interrupt's goroutine ends the program
	}
	Cleanup()
	os.Exit(code)
}

// WriteFile writes data to file as a whole, or not at all: into a
// temporary file beside it, then renamed over it (rename(2) replaces a
// file in one step). Two runs that write the same output (make wire's
// pcaps, make diagram's pictures) never mix their bytes; a run
// interrupted leaves the file as it was.
func WriteFile(file string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+"-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	defer os.Remove(f.Name()) // once renamed, there is nothing to remove
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", file, err)
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", file, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	if err := os.Rename(f.Name(), file); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	return nil
}
