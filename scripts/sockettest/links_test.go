package sockettest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"tcpsocket/scripts/lab"
)

// Every relative link in the repository's Markdown leads somewhere: the
// file exists, and its #anchor is a heading there (GitHub's slugs) or an
// <a id>.
func TestReadmeLinks(t *testing.T) {
	root := RepoRoot(t)
	out, err := exec.Command("git", "-C", root, "ls-files", "*.md").Output()
	if err != nil {
		t.Skipf("git ls-files: %v", err)
	}
	for _, file := range strings.Fields(string(out)) {
		raw, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mdLink.FindAllStringSubmatch(string(raw), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			path, anchor, _ := strings.Cut(target, "#")
			dest := filepath.Join(root, filepath.Dir(file), path)
			if path == "" {
				dest = filepath.Join(root, file)
			}
			if _, err := os.Stat(dest); err != nil {
				t.Errorf("%s links to %s, which does not exist", file, target)
				continue
			}
			if anchor != "" && !hasAnchor(t, dest, anchor) {
				t.Errorf("%s links to %s, whose file has no heading or id %q", file, target, anchor)
			}
		}
	}
}

var (
	mdLink   = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	heading  = regexp.MustCompile(`(?m)^#+ (.+)$`)
	anchorID = regexp.MustCompile(`<a id="([^"]+)">`)
	unslug   = regexp.MustCompile(`[^\p{L}\p{N} _-]`)
)

// hasAnchor reports whether the Markdown file has a heading whose GitHub
// slug (lower case, punctuation dropped, spaces as hyphens) is anchor, or
// an <a id> of that name.
func hasAnchor(t *testing.T, file, anchor string) bool {
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range heading.FindAllStringSubmatch(string(raw), -1) {
		if strings.ReplaceAll(unslug.ReplaceAllString(strings.ToLower(m[1]), ""), " ", "-") == anchor {
			return true
		}
	}
	for _, m := range anchorID.FindAllStringSubmatch(string(raw), -1) {
		if m[1] == anchor {
			return true
		}
	}
	return false
}

// What the README quotes of the tutorial (its "> " lines) is the
// tutorial's text, word for word.
func TestReadmeQuotesTutorial(t *testing.T) {
	root := RepoRoot(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	tutorial, err := os.ReadFile(filepath.Join(root, lab.TutorialC, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	quoted := 0
	for _, line := range strings.Split(string(readme), "\n") {
		if q, ok := strings.CutPrefix(line, "> "); ok {
			quoted++
			if !strings.Contains(string(tutorial), q) {
				t.Errorf("README.md quotes %q, which the tutorial does not say", q)
			}
		}
	}
	if quoted == 0 {
		t.Error("README.md quotes nothing of the tutorial")
	}
}
