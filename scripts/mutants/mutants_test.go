package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// Every mutant still applies: its text is in its file exactly once, the
// change changes it, and the test the note names is defined among the
// tests of its packages. Code that moves on makes a mutant a no-op, which
// would then "survive" for the wrong reason.
func TestMutantsApply(t *testing.T) {
	root := sockettest.RepoRoot(t)
	for i, m := range mutants {
		src, err := os.ReadFile(filepath.Join(root, m.file))
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(src), m.from); n != 1 || m.to == m.from {
			t.Errorf("mutant %d (%s): %q is in %s %d times; want once, and a change", i+1, m.name, m.from, m.file, n)
		}
		top, _, _ := strings.Cut(m.caughtBy, "/")
		defined := regexp.MustCompile(`(?m)^func ` + top + `\(`)
		found := false
		for _, pkg := range m.pkgs {
			tests, _ := filepath.Glob(filepath.Join(root, pkg, "*_test.go"))
			for _, f := range tests {
				b, _ := os.ReadFile(f)
				found = found || defined.Match(b)
			}
		}
		if !found {
			t.Errorf("mutant %d (%s): no test %s in %s", i+1, m.name, top, strings.Join(m.pkgs, " "))
		}
	}
}

// make mutants runs a mutant in a copy and names the test that caught it;
// the working tree is not touched; a bad -only is a usage error.
func TestMutantCaught(t *testing.T) {
	sockettest.Slow(t, "a go test inside the test")
	sockettest.RequireTool(t, "git")
	root := sockettest.RepoRoot(t)
	tmp := t.TempDir()
	if err := lab.BuildGo(tmp, "tcpsocket/scripts/mutants"); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(root, mutants[0].file))
	if err != nil {
		t.Fatal(err)
	}
	p := sockettest.Prepare(t, filepath.Join(tmp, "mutants"), "-only", "1")
	p.Cmd.Dir = root
	if r := p.MustRun(t); r.Code != 0 || !strings.Contains(r.Stdout, "1. "+mutants[0].name+": caught in ") || !strings.Contains(r.Stdout, mutants[0].caughtBy) {
		t.Errorf("mutants -only 1: %v; want exit 0, caught by %s", r, mutants[0].caughtBy)
	}
	if after, _ := os.ReadFile(filepath.Join(root, mutants[0].file)); string(after) != string(before) {
		t.Errorf("mutants changed %s in the working tree", mutants[0].file)
	}
	p = sockettest.Prepare(t, filepath.Join(tmp, "mutants"), "-only", "0")
	p.Cmd.Dir = root
	if r := p.MustRun(t); r.Code != 64 || strings.Count(r.Stderr, "\n") != 1 || !strings.Contains(r.Stderr, `"0"`) {
		t.Errorf("mutants -only 0: %v; want exit 64 and one line naming the value", r)
	}
}
