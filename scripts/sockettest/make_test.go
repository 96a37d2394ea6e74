package sockettest

import (
	"os/exec"
	"strings"
	"testing"
)

// make help is read in a terminal: every line fits 80 columns, and every
// target the Makefile declares phony is listed.
func TestMakeHelpFits80Columns(t *testing.T) {
	RequireTool(t, "make")
	out, err := exec.Command("make", "--no-print-directory", "-C", RepoRoot(t), "help").CombinedOutput()
	if err != nil {
		t.Fatalf("make help: %v\n%s", err, out)
	}
	Fits(t, "make help", string(out), 80)
	for _, target := range []string{"build", "test", "compare", "tour", "wire", "bench"} {
		if !strings.Contains(string(out), "  make "+target+" ") {
			t.Errorf("make help lists no %s:\n%s", target, out)
		}
	}
}
