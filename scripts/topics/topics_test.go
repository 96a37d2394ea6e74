// Package topics_test runs what scripts/topics/README.md shows: five
// things that Beej's guide and UNP teach early and the tutorial does not,
// each by real programs over 127.0.0.1, and compares each run with the
// README's block of it. With -update, it writes the blocks instead.
package topics_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"tcpsocket/scripts/internal/sidebyside"
	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/readmetest"
	"tcpsocket/scripts/sockettest"
)

var update = flag.Bool("update", false, "write the runs into scripts/topics/README.md's blocks instead of comparing them")

// readme is the page, from the repository's root.
const readme = "scripts/topics/README.md"

func TestMain(m *testing.M) { sockettest.Main(m) }

// splicing keeps two tests that update at once from writing the page
// together.
var splicing sync.Mutex

// A look says how a block is compared with a run: exactly, white space
// aside, but for what varies from machine to machine or run to run.
type look struct {
	// varies matches what differs between runs of the same code (a
	// count of bytes that depends on the machine's buffer sizes, say):
	// its digits are replaced by N in the block and in the run before
	// they are compared. The block keeps the value of the run that made
	// it.
	varies *regexp.Regexp
	// repeats: after that, a line the same as the one before it is left
	// out, so that a call made once more or once less compares the same.
	repeats bool
}

// showsRun fails the test unless readme's block name is got, as l says;
// with -update, it makes it so.
func showsRun(t *testing.T, name string, got []string, l look) {
	t.Helper()
	if *update {
		splicing.Lock()
		defer splicing.Unlock()
		path := filepath.Join(sockettest.RepoRoot(t), readme)
		if err := sidebyside.Splice(path, name, strings.Join(got, "\n")+"\n"); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, have := l.comparable(readmetest.Quotes(t, readme, name)), l.comparable(got)
	if !slices.Equal(want, have) {
		t.Errorf("%s's %s block is not what the run shows (go test ./scripts/topics -update rewrites it); the run shows:\n%s",
			readme, name, strings.Join(got, "\n"))
	}
}

var digits = regexp.MustCompile(`\d+`)

func (l look) comparable(lines []string) []string {
	var out []string
	for _, line := range lines {
		line = strings.Join(strings.Fields(line), " ")
		if l.varies != nil {
			line = l.varies.ReplaceAllStringFunc(line, func(s string) string { return digits.ReplaceAllString(s, "N") })
		}
		if l.repeats && len(out) > 0 && out[len(out)-1] == line {
			continue
		}
		out = append(out, line)
	}
	return out
}

// compileC compiles c/NAME.c into the test's temporary directory, as make
// c compiles the tutorial's (lab.CompileC: $CC, $CFLAGS), and
// returns the program's path.
func compileC(t *testing.T, name string) string {
	t.Helper()
	sockettest.RequireTool(t, "cc")
	out := filepath.Join(t.TempDir(), name)
	if err := lab.CompileC(filepath.Join("c", name+".c"), out, 0); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBlocksFit: no line of a code block on the page is wider than 100
// columns, the width of the repository's other READMEs.
func TestBlocksFit(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(sockettest.RepoRoot(t), readme))
	if err != nil {
		t.Fatal(err)
	}
	in := false
	var code []string
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, "```") {
			in = !in
			continue
		}
		if in {
			code = append(code, line)
		}
	}
	sockettest.Fits(t, readme+", a code block", strings.Join(code, "\n"), 100)
}
