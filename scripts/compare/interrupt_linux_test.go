package main

import (
	"path/filepath"
	"syscall"
	"testing"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// An interrupt at any moment of make compare (Ctrl-C, SIGTERM, SIGHUP)
// leaves no process and no folder behind: strace, and the programs it
// traces, which outlive a strace that is interrupted (it detaches) unless
// compare ends them. (Killed outright, compare cannot end them: strace
// 6.3's --kill-on-exit does, where strace has it.)
func TestInterruptLeavesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("interrupts 4 comparisons: slow; go test without -short runs it")
	}
	sockettest.RequireTool(t, "strace")
	bin := sockettest.Build(t)
	tmp := t.TempDir()
	if err := lab.BuildGo(tmp, "tcpsocket/scripts/compare"); err != nil {
		t.Fatal(err)
	}
	argv := []string{filepath.Join(tmp, "compare"), "-go", filepath.Dir(bin.Server), "-c", bin.CSource}
	sockettest.Interrupt(t, "", argv, []sockettest.Interruption{
		{Signal: syscall.SIGINT, At: "strace"},
		{Signal: syscall.SIGINT, At: "/server"},
		{Signal: syscall.SIGTERM, At: "/client"},
		{Signal: syscall.SIGHUP, At: "strace"},
	})
}
