package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"tcpsocket/scripts/sockettest"
)

// An interrupt at any moment of a check, Ctrl-C (SIGINT to the terminal's
// group), SIGTERM, SIGHUP, or the checker killed outright (SIGKILL), leaves
// no process (the builds, strace, the programs, the peers, the
// namespaces' first processes) and no folder behind.
func TestInterruptLeavesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("interrupts 9 checks: slow; go test without -short runs it")
	}
	needsLab(t)
	ms := time.Millisecond
	moments := []sockettest.Interruption{
		{Signal: syscall.SIGINT, At: "go build"},
		{Signal: syscall.SIGINT, At: "cc "},
		{Signal: syscall.SIGINT, At: "unshare"},
		{Signal: syscall.SIGINT, At: "strace", After: 100 * ms},
		{Signal: syscall.SIGTERM, At: "strace", After: 300 * ms},
		{Signal: syscall.SIGHUP, At: "unshare", After: 200 * ms},
		{Signal: syscall.SIGKILL, At: "go build"},
		{Signal: syscall.SIGKILL, At: "strace"},
		{Signal: syscall.SIGKILL, At: "unshare", After: 500 * ms},
	}
	// A server that never closes a connection: its check waits seconds
	// for a client that hangs, so an interrupt's clean-up, not the
	// check's end, must end it all.
	argv := []string{checker, "-pkg", filepath.Join(dir, "testdata", "forever-noclose"), "forever"}
	sockettest.Interrupt(t, sockettest.RepoRoot(t), argv, moments)
}

// A program that leaves a child running in a session of its own
// (setsid(2)) is checked in seconds, not held until a timeout by strace,
// which follows the child: the checker kills the child, says so, and
// nothing of it is left.
func TestDaemonChildEnded(t *testing.T) {
	needsLab(t)
	t.Parallel()
	mark := "daemon-" + t.Name()
	p := sockettest.Prepare(t, checker, "-pkg", filepath.Join(dir, "testdata", "forever-daemon"), "forever")
	p.Cmd.Dir = sockettest.RepoRoot(t)
	p.Cmd.Env = append(p.Cmd.Environ(), "TCPSOCKET_TEST_MARK="+mark)
	r := p.MustRun(t)
	if r.Code != 0 || !strings.Contains(strings.Join(strings.Fields(r.Stdout), " "), "the checker killed them") {
		t.Errorf("want a pass that says the checker killed the child: %v", r)
	}
	if left := sockettest.Marked(mark); len(left) > 0 {
		t.Errorf("left running:\n%s", strings.Join(left, "\n"))
	}
}
