package main

import (
	"path/filepath"
	"syscall"
	"testing"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// An interrupt at any moment of make tour (Ctrl-C, SIGTERM, SIGHUP, or the
// tour killed outright) leaves no process and no folder behind: the
// copies in their namespaces, the programs they step, the clients of the
// backlog. (TestInterruptLeavesTracingAsFound checks the kernel's
// tracing.)
func TestInterruptLeavesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("interrupts 6 tours: slow; go test without -short runs it")
	}
	if lab.Emulator != "" {
		t.Skip("under qemu-user: the tour cannot trace the programs (ptrace); make test interrupts it natively")
	}
	sockettest.RequireTool(t, "unshare")
	bin := sockettest.Build(t)
	tmp := t.TempDir()
	if err := lab.BuildGo(tmp, "tcpsocket/scripts/tour"); err != nil {
		t.Fatal(err)
	}
	// unshare lasts milliseconds: a stand-in holds it (sockettest.Held).
	path := sockettest.PathFirst(sockettest.Held(t, "unshare"))
	argv := []string{filepath.Join(tmp, "tour"), "-go", filepath.Dir(bin.Server), "-c", bin.CSource}
	sockettest.Interrupt(t, "", argv, []sockettest.Interruption{
		{Signal: syscall.SIGINT, At: "held/unshare", Env: path},
		{Signal: syscall.SIGINT, At: "server-c"},
		{Signal: syscall.SIGINT, At: "/client"},
		{Signal: syscall.SIGTERM, At: "/server"},
		{Signal: syscall.SIGKILL, At: "held/unshare", Env: path},
		{Signal: syscall.SIGKILL, At: "/client"},
	})
}
