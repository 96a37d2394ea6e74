package sockettest

import (
	"strings"
	"testing"
)

// make help is read in a terminal: every line fits 80 columns, and every
// target the Makefile declares phony is listed.
func TestMakeHelpFits80Columns(t *testing.T) {
	r := Make(t, "--no-print-directory", "-C", RepoRoot(t), "help").MustRun(t)
	if r.Code != 0 || r.Stderr != "" {
		t.Fatalf("make help: %v", r)
	}
	out := r.Stdout
	Fits(t, "make help", out, 80)
	for _, target := range []string{"build", "test", "compare", "tour", "wire", "bench"} {
		if !strings.Contains(string(out), "  make "+target+" ") {
			t.Errorf("make help lists no %s:\n%s", target, out)
		}
	}
}
