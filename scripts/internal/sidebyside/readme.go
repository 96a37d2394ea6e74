package sidebyside

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

// BlockPattern matches a README's generated block named name,
// <!-- NAME:begin --> ```text ... ``` <!-- NAME:end -->, its text the
// second group.
func BlockPattern(name string) *regexp.Regexp {
	return regexp.MustCompile("(?s)(<!-- " + regexp.QuoteMeta(name) + ":begin -->\n```text\n)(.*?)(```\n<!-- " + regexp.QuoteMeta(name) + ":end -->)")
}

// Block returns the text of the block named name in a README's content
// (what is between its fences), or nil.
func Block(content []byte, name string) []byte {
	m := BlockPattern(name).FindSubmatch(content)
	if m == nil {
		return nil
	}
	return m[2]
}

// Splice puts text into file's block named name: the output of make
// compare, make wire or make tour, from a real run.
func Splice(file, name, text string) error {
	old, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	re := BlockPattern(name)
	if !re.Match(old) {
		return fmt.Errorf("%s has no <!-- %s:begin --> ```text ... ``` <!-- %s:end --> block", file, name, name)
	}
	body := strings.ReplaceAll(text, "$", "$$")
	return os.WriteFile(file, re.ReplaceAll(old, []byte("${1}"+body+"${3}")), 0o644)
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

// Stale returns the lines of out, a tool's output from a fresh run, that
// its README block lacks: none when the block shows what the code does
// now. Lines, not their order: where two threads' calls interleave (the
// signal's goroutine and the main loop in make compare), strace lists
// them in either order. What varies from run to run of the same code is
// left out of the comparison, here and nowhere else: a row that only
// timing puts there (timingRow), and the counts in the footers (counts).
func Stale(block []byte, out string) []string {
	have := map[string]bool{}
	for _, line := range comparable(string(block)) {
		have[line] = true
	}
	var missing []string
	for _, line := range comparable(out) {
		if !have[line] {
			missing = append(missing, line)
		}
	}
	return missing
}

// timingRow matches a row that is there or not by timing alone: the ACK of
// the server's FIN that the client's kernel sends alone when the client's
// exit comes later than its delayed-ACK timer (tcp(7), TCP_QUICKACK), and
// otherwise carries on its FIN (make wire).
var timingRow = regexp.MustCompile(`-- ACK of the server's FIN`)

// counts matches the footers' counts: of the calls left out of make
// compare's rows (the Go runtime's vary from run to run), of make wire's
// segments (one more where timingRow's ACK went alone).
var counts = regexp.MustCompile(`^  (other system calls|\d+ segments from the C pair).*`)

var digits = regexp.MustCompile(`\d+`)

// comparable is a printed output's lines less its timing rows (all the
// lines of such a row: its mark line, a Go: line, continuations and the
// because line), with the digits of its counts replaced, on every line
// the footer of counts takes.
func comparable(out string) []string {
	var lines []string
	var row []string
	flush := func() {
		// A wrapped row's words, each once apart: the wrap may split
		// timingRow's words over two lines.
		if !timingRow.MatchString(strings.Join(strings.Fields(strings.Join(row, " ")), " ")) {
			lines = append(lines, row...)
		}
		row = nil
	}
	inCounts := false // in a footer of counts, wrapped over lines at a narrow width
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "      ") && !strings.HasPrefix(line, "  Go: ") {
			flush() // a line that starts a row, a title or a footer
		}
		inCounts = counts.MatchString(line) || (inCounts && strings.HasPrefix(line, "  "))
		if inCounts {
			line = digits.ReplaceAllString(line, "N")
		}
		row = append(row, line)
	}
	flush()
	return lines
}
