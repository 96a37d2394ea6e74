package lab_test

import (
	"debug/elf"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// Under an emulator (make test-arm64), BuildGo builds the programs for
// TCPSOCKET_GOARCH, not for the machine of the test binary that asks
// (which runs natively), and each program runs through the emulator.
// Without TCPSOCKET_GOARCH it refuses, and says which variable to set.
// (Not parallel: it sets lab's variables, which the parallel tests read
// once this one has ended.)
func TestBuildGoForEmulator(t *testing.T) {
	qemu := sockettest.RequireTool(t, "qemu-aarch64-static")
	emulator, arch := lab.Emulator, lab.Arch
	t.Cleanup(func() { lab.Emulator, lab.Arch = emulator, arch })
	lab.Emulator, lab.Arch = "qemu-aarch64-static", ""
	dir := t.TempDir()

	err := lab.BuildGo(dir, "tcpsocket/server")
	if err == nil || !strings.Contains(err.Error(), "TCPSOCKET_GOARCH") {
		t.Fatalf("BuildGo with an emulator and no TCPSOCKET_GOARCH: got %v, want an error that names TCPSOCKET_GOARCH", err)
	}

	lab.Arch = "arm64"
	if err := lab.BuildGo(dir, "tcpsocket/server"); err != nil {
		t.Fatal(err)
	}
	bin, err := elf.Open(filepath.Join(dir, "server.bin"))
	if err != nil {
		t.Fatal(err)
	}
	defer bin.Close()
	if bin.Machine != elf.EM_AARCH64 {
		t.Errorf("server.bin is built for %v, want %v (TCPSOCKET_GOARCH=arm64)", bin.Machine, elf.EM_AARCH64)
	}
	script, err := os.ReadFile(filepath.Join(dir, "server"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(script), "exec "+qemu+" ") {
		t.Errorf("the program server does not run its binary through %s:\n%s", qemu, script)
	}
	r, err := lab.New(0, filepath.Join(dir, "server"), "-h").Run()
	if err != nil || r.Code != 0 || !strings.Contains(r.Stderr+r.Stdout, "Usage: server") {
		t.Errorf("server -h through the emulator: %v, %v; want its usage and exit 0", r, err)
	}
}
