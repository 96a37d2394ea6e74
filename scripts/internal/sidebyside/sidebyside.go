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

// Align lines up two sequences (calls, segments) by their longest common subsequence.
// Between two common calls, each C call that differs is paired with the
// first Go call known to be its twin (accept with accept4), or else with
// the next Go call; the Go calls passed over stand alone, as do the calls
// left over. Each difference gets its explanation.
func Align(c, g []string, explain func(Row) string) []Row {
	// lcs[i][j]: length of the longest common subsequence of c[i:], g[j:].
	lcs := make([][]int, len(c)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(g)+1)
	}
	for i := len(c) - 1; i >= 0; i-- {
		for j := len(g) - 1; j >= 0; j-- {
			if c[i] == g[j] {
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
			twin := next // the Go line to pair it with: a known twin, or the next
			for k := next; k < len(onlyGo); k++ {
				if explain(Row{C: cLine, Go: onlyGo[k]}) != "" {
					twin = k
					break
				}
			}
			if twin >= len(onlyGo) {
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
		case i < len(c) && j < len(g) && c[i] == g[j]:
			flush()
			rows = append(rows, Row{C: c[i], Go: g[j]})
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

// Print writes one comparison, titled, and its footer line if any: a column for the C, one for the Go, and a
// mark in front of each row: '=' the same call, '~' a difference explained
// under it, '!' an unexplained difference. With a width above 0, no line
// is wider than that: where the two columns do not fit side by side, each
// row's C line and Go line stand one above the other, and long lines wrap.
func Print(w io.Writer, title string, rows []Row, footer string, width int) {
	col := len("C (the tutorial)")
	for _, r := range rows {
		col = max(col, len(r.C))
	}
	goCol := len("Go (x/sys/unix)")
	for _, r := range rows {
		goCol = max(goCol, len(r.Go))
	}
	fmt.Fprintln(w, Wrap("== "+title+" ==", width, "   "))
	if width > 0 && 2+col+3+goCol > width {
		printStacked(w, rows, width)
	} else {
		fmt.Fprintf(w, "  %-*s | %s\n", col, "C (the tutorial)", "Go (x/sys/unix)")
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
func printStacked(w io.Writer, rows []Row, width int) {
	fmt.Fprintln(w, Wrap("  (C, the tutorial, over Go, x/sys/unix, where they differ)", width, "  "))
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
// first starts with indent.
func Wrap(s string, width int, indent string) string {
	if width <= 0 || len(s) <= width {
		return s
	}
	var b strings.Builder
	for len(s) > width {
		cut := strings.LastIndexByte(s[:width+1], ' ')
		if cut <= len(indent) {
			cut = width
		}
		b.WriteString(strings.TrimRight(s[:cut], " "))
		b.WriteString("\n")
		s = indent + strings.TrimLeft(s[cut:], " ")
	}
	b.WriteString(s)
	return b.String()
}
