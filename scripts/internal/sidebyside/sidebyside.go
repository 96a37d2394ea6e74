// Package sidebyside prints two sequences, the C programs' and the Go
// programs', side by side, each row marked: = the same, ~ a difference
// explained under it, ! an unexplained one. make compare uses it for system
// calls, make wire for TCP segments.
package sidebyside

import (
	"fmt"
	"io"
	"strings"
)

// A Row is one line of the side-by-side comparison. C or Go is empty where
// that program made no matching call.
type Row struct {
	C, Go string
	Why   string // the explanation of a difference; "" if none applies
}

// Same reports whether both programs made the same call.
func (r Row) Same() bool { return r.C == r.Go }

// Explained reports whether the row is the same or a known difference.
func (r Row) Explained() bool { return r.Same() || r.Why != "" }

// Align lines up two sequences (calls, segments) by their longest common
// subsequence. Between two common calls, each C call that differs is
// paired with the first Go call known to be its twin (accept with
// accept4), or else with the next Go call if it is the same call with
// other arguments; the Go calls passed over stand alone, as do the calls
// left over. Each difference gets its explanation.
func Align(c, g []string, explain func(Row) string) []Row {
	return AlignBy(c, g, func(line string) string { return line }, explain)
}

// AlignBy is Align with lines taken to be the same call where their keys
// are equal: a row of two such lines that differ is explained by explain.
func AlignBy(c, g []string, key func(string) string, explain func(Row) string) []Row {
	ck, gk := make([]string, len(c)), make([]string, len(g))
	for i := range c {
		ck[i] = key(c[i])
	}
	for j := range g {
		gk[j] = key(g[j])
	}
	// lcs[i][j]: length of the longest common subsequence of c[i:], g[j:].
	lcs := make([][]int, len(c)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(g)+1)
	}
	for i := len(c) - 1; i >= 0; i-- {
		for j := len(g) - 1; j >= 0; j-- {
			if ck[i] == gk[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var rows []Row
	var onlyC, onlyGo []string
	add := func(r Row) {
		r.Why = explain(r)
		rows = append(rows, r)
	}
	flush := func() {
		next := 0 // the first Go line not yet shown
		for _, cLine := range onlyC {
			twin := -1 // the Go line to pair it with: a known twin, or the next if the same call
			for k := next; k < len(onlyGo) && twin < 0; k++ {
				if explain(Row{C: cLine, Go: onlyGo[k]}) != "" {
					twin = k
				}
			}
			if twin < 0 && next < len(onlyGo) && callName(cLine) == callName(onlyGo[next]) {
				twin = next
			}
			if twin < 0 {
				add(Row{C: cLine})
				continue
			}
			for ; next < twin; next++ {
				add(Row{Go: onlyGo[next]})
			}
			add(Row{C: cLine, Go: onlyGo[twin]})
			next = twin + 1
		}
		for ; next < len(onlyGo); next++ {
			add(Row{Go: onlyGo[next]})
		}
		onlyC, onlyGo = nil, nil
	}
	i, j := 0, 0
	for i < len(c) || j < len(g) {
		switch {
		case i < len(c) && j < len(g) && ck[i] == gk[j]:
			flush()
			if c[i] == g[j] {
				rows = append(rows, Row{C: c[i], Go: g[j]})
			} else {
				add(Row{C: c[i], Go: g[j]})
			}
			i, j = i+1, j+1
		case j == len(g) || (i < len(c) && lcs[i+1][j] >= lcs[i][j+1]):
			onlyC = append(onlyC, c[i])
			i++
		default:
			onlyGo = append(onlyGo, g[j])
			j++
		}
	}
	flush()
	return rows
}

// Columns are the headings of a comparison's two columns, and the line
// that says which is which where they stand one over the other.
type Columns struct{ C, Go, Stacked string }

// Tutorial is how make compare, tour and wire head their columns.
var Tutorial = Columns{C: "C (the tutorial)", Go: "Go (x/sys/unix)", Stacked: "(C, the tutorial, over Go, x/sys/unix, where they differ)"}

// Print writes one comparison, titled, and its footer line if any: a column for the C, one for the Go, and a
// mark in front of each row: '=' the same call, '~' a difference explained
// under it, '!' an unexplained difference. With a width above 0, no line
// is wider than that: where the two columns do not fit side by side, each
// row's C line and Go line stand one above the other, and long lines wrap.
func Print(w io.Writer, title string, rows []Row, footer string, width int) {
	PrintColumns(w, Tutorial, title, rows, footer, width)
}

// PrintColumns is Print with the columns headed heads.
func PrintColumns(w io.Writer, heads Columns, title string, rows []Row, footer string, width int) {
	col := len(heads.C)
	for _, r := range rows {
		col = max(col, len(r.C))
	}
	goCol := len(heads.Go)
	for _, r := range rows {
		goCol = max(goCol, len(r.Go))
	}
	fmt.Fprintln(w, Wrap("== "+title+" ==", width, "   "))
	if width > 0 && 2+col+3+goCol > width {
		printStacked(w, heads.Stacked, rows, width)
	} else {
		fmt.Fprintf(w, "  %-*s | %s\n", col, heads.C, heads.Go)
		fmt.Fprintf(w, "  %s-+-%s\n", strings.Repeat("-", col), strings.Repeat("-", col))
		for _, r := range rows {
			fmt.Fprintf(w, "%s %-*s | %s\n", Mark(r), col, r.C, r.Go)
			if !r.Same() && r.Why != "" {
				fmt.Fprintln(w, Wrap("      because "+r.Why, width, "      "))
			}
		}
	}
	if footer != "" {
		fmt.Fprintln(w, Wrap("  "+footer, width, "  "))
	}
	fmt.Fprintln(w)
}

// printStacked prints each row as one line where both sides are the same
// call, and as a "C:" line over a "Go:" line where they differ.
func printStacked(w io.Writer, which string, rows []Row, width int) {
	fmt.Fprintln(w, Wrap("  "+which, width, "  "))
	for _, r := range rows {
		m := Mark(r)
		if r.Same() {
			fmt.Fprintln(w, Wrap(m+" "+r.C, width, "      "))
			continue
		}
		fmt.Fprintln(w, Wrap(m+" C:  "+orNone(r.C), width, "      "))
		fmt.Fprintln(w, Wrap("  Go: "+orNone(r.Go), width, "      "))
		if r.Why != "" {
			fmt.Fprintln(w, Wrap("      because "+r.Why, width, "      "))
		}
	}
}

// Mark is a row's mark: = the same, ~ a difference explained, ! not.
func Mark(r Row) string {
	switch {
	case !r.Explained():
		return "!"
	case !r.Same():
		return "~"
	}
	return "="
}

func orNone(call string) string {
	if call == "" {
		return "(no call)"
	}
	return call
}

// Wrap breaks s into lines of at most width bytes (no limit for a width of
// 0), at a space where there is one, else anywhere; every line after the
// first starts with indent. Its time is linear in the length of s: each
// line is cut from the rest of s in place, never copied with it.
func Wrap(s string, width int, indent string) string {
	if width <= 0 || len(s) <= width {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/max(1, width-len(indent))*(1+len(indent)))
	prefix := "" // the line's start: indent, after the first
	for len(prefix)+len(s) > width {
		// The line is prefix+s: cut at its last space within width+1
		// bytes, unless that is in the indent; else at width.
		cut := width - len(prefix) // of s
		if room := width + 1 - len(prefix); room > 0 {
			if i := strings.LastIndexByte(s[:room], ' '); i >= 0 && len(prefix)+i > len(indent) {
				cut = i
			}
		}
		cut = max(cut, 1) // an indent as wide as the line: a byte a line
		if line := strings.TrimRight(s[:cut], " "); line != "" {
			b.WriteString(prefix)
			b.WriteString(line)
		} else {
			b.WriteString(strings.TrimRight(prefix, " "))
		}
		b.WriteString("\n")
		s = strings.TrimLeft(s[cut:], " ")
		prefix = indent
	}
	b.WriteString(prefix)
	b.WriteString(s)
	return b.String()
}

// callName is what a line starts with, up to its first parenthesis: the
// system call's name, without the number of a newer version (accept4 is
// accept); or the whole line.
func callName(line string) string {
	name, _, _ := strings.Cut(line, "(")
	return strings.TrimRight(name, "0123456789")
}
