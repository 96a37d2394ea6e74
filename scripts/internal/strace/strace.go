// Package strace runs programs under strace -f -yy and reads what it
// writes (strace -f -o FILE): one line per system call, the halves of a
// call that another thread's line split joined again (Lines), and the
// socket calls normalised, so that two programs' traces compare (Parse).
// For make compare, make bench and make exercise (scripts/exercises, which
// traces both the C answer and the learner's), and the topics' tests.
package strace

import (
	"fmt"
	"regexp"
	"strings"
)

// A Line is one system call, signal or exit, as process Pid saw it.
type Line struct {
	Pid  string
	Text string // "read(3, ..., 1023) = 14", "--- SIGURG ... ---", "+++ exited with 0 +++"
}

var (
	// "1234  rest" as strace -f -o FILE writes each line.
	pidLine = regexp.MustCompile(`^(\d+)\s+(.*)$`)
	// "<... accept4 resumed>rest": the second half of a call that another
	// thread's line interrupted.
	resumed = regexp.MustCompile(`^<\.\.\. [a-z0-9_]+ resumed>\s?(.*)$`)
)

// Lines splits raw into its lines, each "<unfinished ...>" first half
// joined with its "<... resumed>" second half into one line, where the
// second half stood.
func Lines(raw string) ([]Line, error) {
	var lines []Line
	pending := map[string]string{} // pid -> first half of an unfinished call
	for _, line := range strings.Split(strings.TrimRight(raw, "\n"), "\n") {
		if line == "" {
			continue
		}
		m := pidLine.FindStringSubmatch(line)
		if m == nil {
			return nil, fmt.Errorf("not a line of strace -f -o: %q", line)
		}
		pid, text := m[1], m[2]
		if first, ok := strings.CutSuffix(text, " <unfinished ...>"); ok {
			pending[pid] = first
			continue
		}
		if r := resumed.FindStringSubmatch(text); r != nil {
			text = pending[pid] + r[1]
			delete(pending, pid)
		}
		lines = append(lines, Line{Pid: pid, Text: text})
	}
	return lines, nil
}
