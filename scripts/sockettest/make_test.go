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

// make test runs its two chains at once only where make can keep each
// step's output whole (--output-sync, GNU make 4.0): macOS's make, 3.81,
// would stop at the unknown option. A make without it is stood in for by
// emptying .FEATURES, where make lists what it can do.
func TestMakeTestWithoutOutputSync(t *testing.T) {
	root := RepoRoot(t)
	for _, tt := range []struct {
		args []string
		sync bool
	}{
		{[]string{"-n", "test"}, true},
		{[]string{"-n", "test", ".FEATURES="}, false},
	} {
		r := Make(t, append([]string{"--no-print-directory", "-C", root}, tt.args...)...).MustRun(t)
		// make -n prints the sub-make's command line first, then runs it
		// (a line that calls $(MAKE) runs under -n too); the first lines say.
		head := strings.Join(strings.SplitN(r.Stdout, "\n", 3)[:2], "\n")
		if got := strings.Contains(head, "--output-sync"); got != tt.sync {
			t.Errorf("make %q: --output-sync in its command line: %v; want %v:\n%s", tt.args, got, tt.sync, head)
		}
	}
}
