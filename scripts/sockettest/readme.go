package sockettest

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// ReadmeCode returns the code spans (`like this`) in column col (0 for the
// first) of the table under the heading "### "+heading of file (a path
// from the repository's root): the side by side of the C and the Go, whose
// Go column must be the code as it is, and whose strace and ss columns
// must be what make compare and make tour print.
func ReadmeCode(t testing.TB, file, heading string, col int) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(RepoRoot(t), file))
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
	pkg, err := filepath.Rel(RepoRoot(t), wd)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range ReadmeCode(t, filepath.Join(pkg, readme), heading, 2) {
		if !InSource(code, string(raw)) {
			t.Errorf("%s's %s table shows %q, which %s does not have", readme, heading, code, source)
		}
	}
}

// A Twin is a step of the tutorial written twice: a line of the C and the
// line of main.go that takes the same step, each given as a part of its
// line. A step that takes two lines in the C gives both, one per line of
// C.
type Twin struct{ C, Go string }

// structure is what a line of main.go may be without being a step: Go's
// shape of the C's control flow and declarations.
var structure = regexp.MustCompile(`^(package main|import \(|"[^"]+"|\)|func main\(\) \{|\}|\} else \{|continue|break|for \{|if err != nil \{|if n <= 0 \{|var n int|extra := setUp\(os\.Args\[1:\]\))$`)

// Mirror checks that main.go (goFile) mirrors the tutorial's C (cFile),
// both ways: the twins are in both files in the same order; every other
// line of Go code names extra (what the tutorial does not have) or is
// structure; and every statement of the C's main is a twin's, or is one
// of alone, each with the reason it has no twin in Go.
func Mirror(t *testing.T, goFile, cFile string, twins []Twin, alone map[string]string) {
	t.Helper()
	goSrc, err := os.ReadFile(goFile)
	if err != nil {
		t.Fatal(err)
	}
	k := 0
	for i, line := range strings.Split(string(goSrc), "\n") {
		code := strings.TrimSpace(line)
		if c := strings.Index(code, "//"); c >= 0 && !strings.Contains(code[:c], `"`) {
			code = strings.TrimSpace(code[:c])
		}
		switch {
		case code == "" || structure.MatchString(code):
		case k < len(twins) && strings.Contains(code, twins[k].Go):
			k++
		case strings.Contains(code, "extra."):
		default:
			t.Errorf("%s:%d: %q is neither the twin of the C's next step (%q) nor an extra", goFile, i+1, code, twinAt(twins, k))
		}
	}
	if k < len(twins) {
		t.Errorf("%s lacks the twin of %q, %q, in the C's order", goFile, twins[k].C, twins[k].Go)
	}

	cSrc, err := os.ReadFile(cFile)
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ := strings.Cut(string(cSrc), "\nint main")
	body, _, _ = strings.Cut(body, "\n}\n")
	lines := strings.Split(body, "\n")[1:]
	at := 0 // the C's twins, in order
	var parts []string
	for _, tw := range twins {
		parts = append(parts, strings.Split(tw.C, "\n")...)
	}
	for _, part := range parts {
		for at < len(lines) && !strings.Contains(lines[at], part) {
			at++
		}
		if at == len(lines) {
			t.Errorf("%s has no %q after the twins before it", cFile, part)
			return
		}
	}
	for _, line := range lines {
		stmt := strings.TrimSpace(line)
		if stmt == "" || stmt == "{" || stmt == "}" || strings.HasPrefix(stmt, "/*") || strings.HasPrefix(stmt, "*") {
			continue
		}
		if !slices.ContainsFunc(parts, func(p string) bool { return strings.Contains(stmt, p) }) &&
			!slices.ContainsFunc(slices.Collect(maps.Keys(alone)), func(a string) bool { return strings.Contains(stmt, a) }) {
			t.Errorf("%s: %q has no twin in %s, and no reason given for it", cFile, stmt, goFile)
		}
	}
}

func twinAt(twins []Twin, k int) string {
	if k < len(twins) {
		return twins[k].Go
	}
	return "none left"
}

// BlockPattern matches a README's generated block named name,
// <!-- NAME:begin --> ```text ... ``` <!-- NAME:end -->, its text the
// second group.
func BlockPattern(name string) *regexp.Regexp {
	return regexp.MustCompile("(?s)(<!-- " + regexp.QuoteMeta(name) + ":begin -->\n```text\n)(.*?)(```\n<!-- " + regexp.QuoteMeta(name) + ":end -->)")
}

// Quotes returns the lines of every block named name in file (a path from
// the repository's root), white space collapsed: what the README quotes
// of a run. It fails the test if there is none.
func Quotes(t testing.TB, file, name string) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(RepoRoot(t), file))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, m := range BlockPattern(name).FindAllSubmatch(raw, -1) {
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
