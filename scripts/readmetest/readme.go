// Package readmetest checks what the READMEs show against the code and a
// real run: a table's code spans against the source, a quoted run's lines
// against the tool's output, a generated block against a fresh one. Only
// tests import it.
package readmetest

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"tcpsocket/scripts/internal/sidebyside"
	"tcpsocket/scripts/sockettest"
)

// ReadmeCode returns the code spans (`like this`) in column col (0 for the
// first) of the table under the heading "### "+heading of file (a path
// from the repository's root): the side by side of the C and the Go, whose
// Go column must be the code as it is, and whose strace and ss columns
// must be what make compare and make tour print.
func ReadmeCode(t testing.TB, file, heading string, col int) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(sockettest.RepoRoot(t), file))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(raw), "\n### "+heading+"\n")
	if !ok {
		t.Fatalf("%s has no heading ### %s", file, heading)
	}
	var spans []string
	for _, line := range strings.Split(section, "\n") {
		if strings.HasPrefix(line, "## ") || strings.HasPrefix(line, "### ") {
			break
		}
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| step ") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if col >= len(cells) {
			t.Fatalf("%s, ### %s: a row with %d cells: %q", file, heading, len(cells), line)
		}
		for _, m := range codeSpan.FindAllStringSubmatch(cells[col], -1) {
			spans = append(spans, m[1])
		}
	}
	if len(spans) == 0 {
		t.Fatalf("%s, ### %s: no code in column %d", file, heading, col)
	}
	return spans
}

var codeSpan = regexp.MustCompile("`([^`]+)`")

// InSource reports whether code appears in source, white space aside.
func InSource(code, source string) bool {
	return strings.Contains(strings.Join(strings.Fields(source), " "), strings.Join(strings.Fields(code), " "))
}

// ReadmeShowsSource fails the test unless every piece of Go in the Go
// column (the third) of readme's table under "### "+heading is in the file
// source (both paths from the test's package), white space aside: the side
// by side shows main.go as it is.
func ReadmeShowsSource(t *testing.T, readme, heading, source string) {
	t.Helper()
	raw, err := os.ReadFile(source)
	if err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := filepath.Rel(sockettest.RepoRoot(t), wd)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range ReadmeCode(t, filepath.Join(pkg, readme), heading, 2) {
		if !InSource(code, string(raw)) {
			t.Errorf("%s's %s table shows %q, which %s does not have", readme, heading, code, source)
		}
	}
}

// Quotes returns the lines of every block named name in file (a path from
// the repository's root), white space collapsed: what the README quotes
// of a run. It fails the test if there is none.
func Quotes(t testing.TB, file, name string) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(sockettest.RepoRoot(t), file))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, m := range sidebyside.BlockPattern(name).FindAllSubmatch(raw, -1) {
		for _, line := range strings.Split(strings.TrimSuffix(string(m[2]), "\n"), "\n") {
			lines = append(lines, strings.Join(strings.Fields(line), " "))
		}
	}
	if len(lines) == 0 {
		t.Fatalf("%s has no %s block", file, name)
	}
	return lines
}

// QuotesIn fails the test for each line of file's blocks named name that
// out does not print, white space aside (a line that out wraps included):
// the README quotes the run as it is now.
func QuotesIn(t testing.TB, file, name, out string) {
	t.Helper()
	flat := strings.Join(strings.Fields(out), " ")
	for _, q := range Quotes(t, file, name) {
		if !strings.Contains(flat, q) {
			t.Errorf("%s quotes a line in a %s block that the run does not print:\n%s\nthe run printed:\n%s", file, name, q, out)
		}
	}
}

// BlockIs fails the test unless file's block named name is got, line for
// line, white space aside: a block that shows a run the test has just made.
func BlockIs(t testing.TB, file, name string, got []string) {
	t.Helper()
	want := Quotes(t, file, name)
	var norm []string
	for _, line := range got {
		norm = append(norm, strings.Join(strings.Fields(line), " "))
	}
	if !slices.Equal(want, norm) {
		t.Errorf("%s's %s block is not what the run shows; the run shows:\n%s", file, name, strings.Join(got, "\n"))
	}
}

// Wrap breaks each of lines that is wider than width columns at its last
// space within width, as a README's code block holds a long line of a
// run's output; the rest goes on the next line, indented by two spaces,
// and is broken again if it is still too wide. A word wider than width
// stays whole, and the line is broken after it. BlockIs compares the
// wrapped lines, white space aside.
func Wrap(width int, lines ...string) []string {
	var out []string
	for _, line := range lines {
		indent := ""
		for utf8.RuneCountInString(indent+line) > width {
			cut := strings.LastIndexByte(string([]rune(indent + line)[:width+1]), ' ') - len(indent)
			if cut <= 0 { // no space within width: the first after it
				if cut = strings.IndexByte(line, ' '); cut <= 0 {
					break
				}
			}
			out = append(out, strings.TrimRight(indent+line[:cut], " "))
			line, indent = strings.TrimLeft(line[cut:], " "), "  "
		}
		out = append(out, indent+line)
	}
	return out
}

// BlockIsNormalised is BlockIs for a run some of whose lines differ from
// run to run (a count of bytes that depends on when a signal came): norm
// maps each line, the README's and the run's, white space collapsed, to
// what must be the same in both.
func BlockIsNormalised(t testing.TB, file, name string, got []string, norm func(string) string) {
	t.Helper()
	var want, run []string
	for _, line := range Quotes(t, file, name) {
		want = append(want, norm(line))
	}
	for _, line := range got {
		run = append(run, norm(strings.Join(strings.Fields(line), " ")))
	}
	if !slices.Equal(want, run) {
		t.Errorf("%s's %s block is not what the run shows; the run shows:\n%s", file, name, strings.Join(got, "\n"))
	}
}

// StepLines returns the lines labelled label ("strace" or "ss") in file's
// step blocks, the call-by-call pages' notes under each step: a line
// "strace: CALL", "strace, C: CALL" or "strace, Go: CALL", or "ss: LINE",
// with the lines that continue it (those with no label) joined to it,
// white space collapsed. A line in parentheses, "ss: (no change)", is a
// note, not output, and is left out. make compare's test reads the strace
// lines, make tour's the ss lines.
func StepLines(t *testing.T, file, label string) []string {
	t.Helper()
	var labels, texts []string
	for _, line := range Quotes(t, file, "step") {
		head, rest, ok := strings.Cut(line, ": ")
		switch {
		case ok && (head == "ss" || head == "strace" || head == "strace, C" || head == "strace, Go"):
			labels, texts = append(labels, strings.SplitN(head, ",", 2)[0]), append(texts, rest)
		case len(texts) > 0:
			texts[len(texts)-1] += " " + line
		default:
			t.Fatalf("%s: a step block starts with %q, not a label", file, line)
		}
	}
	var out []string
	for i, text := range texts {
		if labels[i] == label && !(strings.HasPrefix(text, "(") && strings.HasSuffix(text, ")")) {
			out = append(out, text)
		}
	}
	return out
}

// CheckBlock fails the test for each line of out that the block name of
// file (a path from the repository's root) lacks: the README shows what
// the code does now. target is the make target that brings it up to date.
func CheckBlock(t testing.TB, file, name, out, target string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(sockettest.RepoRoot(t), file))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range sidebyside.Stale(sidebyside.Block(raw, name), out) {
		t.Errorf("%s's %s block lacks this line (run make %s):\n%s", file, name, target, line)
	}
}
