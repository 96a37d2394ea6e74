package sockettest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"tcpsocket/scripts/lab"
)

// An Interruption is a moment to interrupt a tool at: once a process it
// started runs a command line that contains At ("" for the start), After
// that. SIGKILL stands for a tool killed outright, which no handler sees:
// it goes to the tool alone; any other signal goes to the tool's process
// group, as Ctrl-C's SIGINT goes to the terminal's foreground group.
type Interruption struct {
	Signal syscall.Signal
	At     string
	After  time.Duration
	Env    []string // added to the tool's environment: a PATH with Held's folder first, say
}

func (m Interruption) String() string {
	return fmt.Sprintf("%v %v after %q", m.Signal, m.After, m.At)
}

// Interrupt runs the tool argv (in the working directory dir, "" for
// this one) once for each moment, interrupts it then (or fails the test
// if the moment never comes), and fails the test for what it left: a
// process still running 2 seconds after the tool ended (any process
// whose environment carries this run's mark, which every process the
// tool starts inherits), or a folder in the temporary directory ($TMPDIR,
// one of the test's own); for a tool killed outright, once lab.Sweep,
// which the next run does, has removed its folders.
func Interrupt(t *testing.T, dir string, argv []string, moments []Interruption) {
	t.Helper()
	for _, m := range moments {
		tmp := t.TempDir()
		mark := newMark(t)
		p := Prepare(t, argv[0], argv[1:]...)
		p.Cmd.Dir = dir
		// Without the tests' cache of compiled C, so that a moment at
		// "cc " comes.
		p.Cmd.Env = append(append(os.Environ(), m.Env...), "TMPDIR="+tmp, envMark+"="+mark, lab.CCacheEnv+"=")
		p.Cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		p.MustStart(t)
		// A poll, bounded: nothing else says when the tool starts a command.
		deadline := time.Now().Add(lab.Timeout)
		for !strings.Contains(strings.Join(Marked(mark), "\n"), m.At) {
			if p.Exited() || time.Now().After(deadline) {
				p.Stop()
				t.Fatalf("%v: the moment never came; the tool printed %q %q", m, p.Stdout(), p.Stderr())
			}
			time.Sleep(time.Millisecond)
		}
		time.Sleep(m.After) // the moment of the interrupt: the point of the case
		target := -p.Pid()
		if m.Signal == syscall.SIGKILL {
			target = p.Pid()
		}
		if err := syscall.Kill(target, m.Signal); err != nil && err != syscall.ESRCH {
			t.Fatal(err)
		}
		r := p.MustWait(t)
		if m.Signal != syscall.SIGKILL {
			syscall.Kill(-p.Pid(), syscall.SIGKILL) // what a failing tool left in its group, so that the next case starts clean
		}
		if r.Signal != m.Signal && r.Code != 128+int(m.Signal) && r.Code > 2 {
			t.Errorf("%v: the tool ended %v, neither by its signal nor by itself", m, r)
		}
		deadline = time.Now().Add(2 * time.Second)
		left := Marked(mark)
		for len(left) > 0 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond) // the kernel ends a namespace's processes after its first
			left = Marked(mark)
		}
		if len(left) > 0 {
			t.Errorf("%v: still running 2 s after %s ended:\n%s", m, filepath.Base(argv[0]), strings.Join(left, "\n"))
			for _, l := range left {
				if pid, err := strconv.Atoi(strings.Fields(l)[0]); err == nil {
					syscall.Kill(pid, syscall.SIGKILL)
				}
			}
		}
		if m.Signal == syscall.SIGKILL {
			lab.Sweep(tmp) // what the next run of a tool does
		}
		if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("%v: left in the temporary directory: %s", m, strings.Join(names, " "))
		}
	}
}

// Held makes a folder of stand-ins for the commands names, whose path
// ends in "held": each a shell script that never runs its command but
// waits, until a signal ends it, to open a FIFO that no process opens for
// writing (fifo(7)). A tool that runs one is held at that moment for as
// long as the test needs: an Interruption's At that a poll cannot miss,
// as it can miss a command that lasts a millisecond (unshare(1), which
// becomes the command it runs; a client that connects, reads and ends).
// A stand-in's command line is "/bin/sh FOLDER/NAME ...". Put the folder
// first in PATH (Interruption.Env), or pass it where a tool takes a
// folder of programs.
func Held(t *testing.T, names ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "held")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, ".never-written")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		script := "#!/bin/sh\n# A stand-in for " + name + ", held: see sockettest.Held.\nread _ < '" + fifo + "'\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// PathFirst is the environment line (Interruption.Env) that puts dir,
// Held's folder, first in PATH, where lab.Tool finds a command.
func PathFirst(dir string) []string {
	return []string{"PATH=" + dir + string(os.PathListSeparator) + os.Getenv("PATH")}
}

// envMark names the variable that marks a run's processes.
const envMark = "TCPSOCKET_TEST_MARK"

func newMark(t *testing.T) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// Marked lists the processes (PID and command line) whose environment
// holds envMark=mark (/proc/PID/environ, proc(5)), zombies aside: they
// have ended, and wait only for their parent to reap them.
func Marked(mark string) []string {
	want := []byte(envMark + "=" + mark + "\x00")
	entries, _ := os.ReadDir("/proc")
	var found []string
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		env, err := os.ReadFile("/proc/" + e.Name() + "/environ")
		if err != nil || !bytes.Contains(env, want) {
			continue
		}
		if stat, err := os.ReadFile("/proc/" + e.Name() + "/stat"); err == nil {
			if i := bytes.LastIndexByte(stat, ')'); i > 0 && len(stat) > i+2 && stat[i+2] == 'Z' {
				continue
			}
		}
		cmd, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		found = append(found, e.Name()+" "+strings.TrimSpace(strings.ReplaceAll(string(cmd), "\x00", " ")))
	}
	return found
}
