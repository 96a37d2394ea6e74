package main

import (
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
	sockettest.RequireTool(t, "unshare")
	bin := sockettest.Build(t)
	tmp := t.TempDir()
	if err := lab.BuildGo(tmp, "tcpsocket/scripts/wire"); err != nil {
		t.Fatal(err)
	}
	argv := []string{filepath.Join(tmp, "wire"), "-go", filepath.Dir(bin.Server), "-c", bin.CSource, "-pcap", ""}
	sockettest.Interrupt(t, "", argv, []sockettest.Interruption{
		{Signal: syscall.SIGINT, At: "unshare"},
		{Signal: syscall.SIGINT, At: "/server"},
		{Signal: syscall.SIGTERM, At: "/client"},
		{Signal: syscall.SIGKILL, At: "/server"},
	})
}
