package lab_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// CompileC keeps what it compiled in the cache that $TCPSOCKET_CC_CACHE
// names, under a sum of all that went into it: the same source, flags and
// compiler again is a copy, not a compile; a change of any of the three
// compiles. A program with its PORT set (a free port: one of a kind), or
// one that includes a file of its own, which the sum does not cover, is
// never kept; nor is anything without the variable.
func TestCompileCCache(t *testing.T) {
	cc := sockettest.RequireTool(t, "cc")
	dir := t.TempDir()
	cache := filepath.Join(dir, "cache")
	if err := os.Mkdir(cache, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(lab.CCacheEnv, cache)
	t.Setenv("CFLAGS", "-O2")
	// The compiler: cc, through a script that counts its runs.
	runs := filepath.Join(dir, "runs")
	compiler := filepath.Join(dir, "cc")
	writeCompiler := func(comment string) {
		script := fmt.Sprintf("#!/bin/sh\n# %s\necho >>%s\nexec %s \"$@\"\n", comment, runs, cc)
		if err := os.WriteFile(compiler, []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeCompiler("first")
	t.Setenv("CC", compiler)
	src := filepath.Join(dir, "p.c")
	writeSource := func(text string) {
		if err := os.WriteFile(src, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeSource("int main(void) { return 3; }\n")
	if err := os.WriteFile(filepath.Join(dir, "p.h"), nil, 0o644); err != nil {
		t.Fatal(err)
	}

	compiled := 0
	for i, step := range []struct {
		what     string
		change   func()
		port     int
		compiles int // how many runs of the compiler: 0, cached; 1; 2 (twice over)
		exit     int // the program's status
	}{
		{"the first compile", func() {}, 0, 1, 3},
		{"the same again", func() {}, 0, 0, 3},
		{"the source changed", func() { writeSource("int main(void) { return 4; }\n") }, 0, 1, 4},
		{"the flags changed", func() { t.Setenv("CFLAGS", "-O0") }, 0, 1, 4},
		{"the compiler changed", func() { writeCompiler("second") }, 0, 1, 4},
		{"the same again, at last", func() {}, 0, 0, 4},
		{"its PORT set, twice", func() {}, 5000, 2, 4},
		{"a file of its own included, twice", func() {
			writeSource("#include \"p.h\"\nint main(void) { return 5; }\n")
		}, 0, 2, 5},
		{"no cache, twice", func() {
			writeSource("int main(void) { return 4; }\n")
			t.Setenv(lab.CCacheEnv, "")
		}, 0, 2, 4},
	} {
		step.change()
		times := 1
		if step.compiles == 2 {
			times = 2
		}
		for j := range times {
			out := filepath.Join(dir, fmt.Sprintf("p-%d-%d", i, j))
			if err := lab.CompileC(src, out, step.port); err != nil {
				t.Fatalf("%s: %v", step.what, err)
			}
			var exit *exec.ExitError
			if err := exec.Command(out).Run(); !errors.As(err, &exit) || exit.ExitCode() != step.exit {
				t.Errorf("%s: the program ended %v; want exit status %d", step.what, err, step.exit)
			}
		}
		log, _ := os.ReadFile(runs)
		got := strings.Count(string(log), "\n")
		if got-compiled != step.compiles {
			t.Errorf("%s: the compiler ran %d times; want %d", step.what, got-compiled, step.compiles)
		}
		compiled = got
	}
	if kept, _ := os.ReadDir(cache); len(kept) != 4 {
		t.Errorf("the cache keeps %d files; want 4, one for each program compiled once with it:\n%v", len(kept), kept)
	}
}
