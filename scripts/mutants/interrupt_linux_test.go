package main

import (
	"path/filepath"
	"syscall"
	"testing"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// An interrupt while make mutants copies, builds or tests leaves no
// process and no folder behind: the copy, go test, the test binary, and
// the programs it starts. (Killed outright, the tool cannot end the test
// binary that go test started, which ends by itself when its test does.)
func TestInterruptLeavesNothing(t *testing.T) {
	sockettest.Slow(t, "interrupts 4 runs of a go test inside the test")
	if lab.Emulator != "" {
		t.Skip("under qemu-user: the go test the tool starts would build for this machine; make test interrupts it natively")
	}
	sockettest.RequireTool(t, "git")
	tmp := t.TempDir()
	if err := lab.BuildGo(tmp, "tcpsocket/scripts/mutants"); err != nil {
		t.Fatal(err)
	}
	argv := []string{filepath.Join(tmp, "mutants"), "-only", "1"}
	sockettest.Interrupt(t, sockettest.RepoRoot(t), argv, []sockettest.Interruption{
		{Signal: syscall.SIGINT, At: ""},
		{Signal: syscall.SIGINT, At: "test -count=1"},
		{Signal: syscall.SIGINT, At: "grownup.test"},
		{Signal: syscall.SIGTERM, At: "test -count=1"},
	})
}
