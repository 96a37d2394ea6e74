package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tcpsocket/scripts/sockettest"
)

// Bad input is a usage error, whatever the machine: exit 64 and one line
// that names the value, before anything is built or run. (A package that
// is not a program used to be "your program does not build", exit 1.)
func TestBadInput(t *testing.T) {
	t.Parallel()
	outside := t.TempDir() // a package main, outside the module
	if err := os.WriteFile(filepath.Join(outside, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args  []string
		value string // what the line names
	}{
		{[]string{"-pkg", "scripts/exercises/no-such-folder", "echo"}, "scripts/exercises/no-such-folder"},
		{[]string{"-pkg", "scripts/exercises/README.md", "echo"}, "scripts/exercises/README.md"},
		{[]string{"-pkg", outside, "echo"}, outside},
		{[]string{"-pkg", "sockutil", "echo"}, "sockutil"},
		{[]string{"-pkg", "scripts", "echo"}, "scripts"}, // no Go files
		{[]string{"--", "-h"}, "-h"},
		{[]string{"--", "echo; ls"}, "echo; ls"},
		{[]string{"-width", "wide", "echo"}, "wide"},
		{[]string{"-nosuchflag", "echo"}, "-nosuchflag"},
	} {
		r := runChecker(t, tt.args...)
		lines := strings.Split(strings.TrimSpace(r.Stderr), "\n")
		if r.Code != exitUsage || len(lines) != 1 || !strings.Contains(lines[0], tt.value) || r.Stdout != "" {
			t.Errorf("exercise %q: %v; want exit %d and one line naming %q", tt.args, r, exitUsage, tt.value)
		}
	}
}

// make exercise passes EX, PKG and WIDTH to the shell quoted: a value is
// one word, never a command; an EX that starts with "-" is a name, not a
// flag (exercise -h once printed the usage, with the path of go run's
// binary in the build cache).
func TestMakeQuotes(t *testing.T) {
	t.Parallel()
	root := sockettest.RepoRoot(t)
	touched := filepath.Join(t.TempDir(), "touched")
	for _, tt := range []struct {
		args []string
		says string
	}{
		{[]string{"EX=echo; touch " + touched}, `no exercise "echo; touch ` + touched + `"`},
		{[]string{"EX=-h"}, `no exercise "-h"`},
		{[]string{"EX=echo", "PKG=it's here"}, `no directory "it's here"`},
	} {
		p := sockettest.Make(t, append([]string{"-s", "--no-print-directory", "-C", root, "exercise"}, tt.args...)...)
		r := p.MustRun(t)
		if _, err := os.Stat(touched); err == nil {
			t.Fatalf("make exercise %q ran the command after the semicolon: %v", tt.args, r)
		}
		if r.Code == 0 || !strings.Contains(r.Stderr, tt.says) || strings.Contains(r.Stderr, "go-build") {
			t.Errorf("make exercise %q: %v; want a failure that says %s", tt.args, r, tt.says)
		}
	}
}
