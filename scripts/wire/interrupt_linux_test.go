package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// An interrupt at any moment of make wire (Ctrl-C, SIGTERM, or wire
// killed outright) leaves no process and no folder behind.
func TestInterruptLeavesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("interrupts 4 captures: slow; go test without -short runs it")
	}
	if lab.Emulator != "" {
		t.Skip("under qemu-user: wire re-runs itself in a new network namespace, which needs binfmt_misc; make test interrupts it natively")
	}
	sockettest.RequireTool(t, "unshare")
	bin := sockettest.Build(t)
	tmp := t.TempDir()
	if err := lab.BuildGo(tmp, "tcpsocket/scripts/wire"); err != nil {
		t.Fatal(err)
	}
	// The moments are held (sockettest.Held), as the tutorial's programs
	// and unshare last milliseconds: unshare, or the Go client, whose
	// server waits in accept() meanwhile.
	held := sockettest.Held(t, "unshare", "client")
	programs, err := os.ReadDir(filepath.Dir(bin.Server))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range programs {
		if p.Name() != "client" {
			if err := os.Symlink(filepath.Join(filepath.Dir(bin.Server), p.Name()), filepath.Join(held, p.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := sockettest.PathFirst(held)
	argv := []string{filepath.Join(tmp, "wire"), "-go", held, "-c", bin.CSource, "-pcap", ""}
	sockettest.Interrupt(t, "", argv, []sockettest.Interruption{
		{Signal: syscall.SIGINT, At: "held/unshare", Env: path},
		{Signal: syscall.SIGKILL, At: "held/unshare", Env: path},
		{Signal: syscall.SIGINT, At: "held/client"},
		{Signal: syscall.SIGTERM, At: "held/client"},
		{Signal: syscall.SIGKILL, At: "held/client"},
	})
}
