package sockettest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// ReadmeCode returns the code spans (`like this`) in column col (0 for the
// first) of the table under the README.md heading "### "+heading: the side
// by side of the C and the Go, whose Go column must be the code as it is
// and whose strace column must be what make compare prints.
func ReadmeCode(t testing.TB, heading string, col int) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(RepoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(raw), "\n### "+heading+"\n")
	if !ok {
		t.Fatalf("README.md has no heading ### %s", heading)
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
			t.Fatalf("README.md, ### %s: a row with %d cells: %q", heading, len(cells), line)
		}
		for _, m := range codeSpan.FindAllStringSubmatch(cells[col], -1) {
			spans = append(spans, m[1])
		}
	}
	if len(spans) == 0 {
		t.Fatalf("README.md, ### %s: no code in column %d", heading, col)
	}
	return spans
}

var codeSpan = regexp.MustCompile("`([^`]+)`")

// InSource reports whether code appears in source, white space aside.
func InSource(code, source string) bool {
	return strings.Contains(strings.Join(strings.Fields(source), " "), strings.Join(strings.Fields(code), " "))
}

// ReadmeShowsSource fails the test unless every piece of Go in the Go
// column (the third) of the README's table under "### "+heading is in the
// file source (a path from the test's package), white space aside: the
// side by side shows main.go as it is.
func ReadmeShowsSource(t *testing.T, heading, source string) {
	t.Helper()
	raw, err := os.ReadFile(source)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range ReadmeCode(t, heading, 2) {
		if !InSource(code, string(raw)) {
			t.Errorf("README.md's %s table shows %q, which %s does not have", heading, code, source)
		}
	}
}
