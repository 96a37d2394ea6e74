package sidebyside

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

// block matches a README's generated block named name:
// <!-- NAME:begin --> ```text ... ``` <!-- NAME:end -->.
func block(name string) *regexp.Regexp {
	return regexp.MustCompile("(?s)(<!-- " + regexp.QuoteMeta(name) + ":begin -->\n```text\n).*?(```\n<!-- " + regexp.QuoteMeta(name) + ":end -->)")
}

// Block returns the block named name in a README's content, or nil.
func Block(content []byte, name string) []byte { return block(name).Find(content) }

// Splice puts text into file's block named name: the output of make
// compare, make wire or make tour, from a real run.
func Splice(file, name, text string) error {
	old, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	re := block(name)
	if !re.Match(old) {
		return fmt.Errorf("%s has no <!-- %s:begin --> ```text ... ``` <!-- %s:end --> block", file, name, name)
	}
	body := strings.ReplaceAll(text, "$", "$$")
	return os.WriteFile(file, re.ReplaceAll(old, []byte("${1}"+body+"${2}")), 0o644)
}

// Verdict writes the last line, FAIL with the count of unexplained rows or
// ok, and returns the exit status: 1 or 0.
func Verdict(w io.Writer, unexplained int, ok string) int {
	if unexplained > 0 {
		fmt.Fprintf(w, "FAIL: %d unexplained difference(s), marked ! above\n", unexplained)
		return 1
	}
	fmt.Fprintln(w, ok)
	return 0
}

// Unexplained counts the rows that differ for no known reason.
func Unexplained(rows []Row) int {
	n := 0
	for _, r := range rows {
		if !r.Explained() {
			n++
		}
	}
	return n
}
