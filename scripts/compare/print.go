package main

import (
	"fmt"
	"io"
	"strings"
)

// Print writes one comparison: a column for the C, one for the Go, and a
// mark in front of each row: '=' the same call, '~' a difference explained
// under it, '!' an unexplained difference. With a width above 0, no line
// is wider than that: where the two columns do not fit side by side, each
// row's C line and Go line stand one above the other, and long lines wrap.
func Print(w io.Writer, c Comparison, width int) {
	col := len("C (the tutorial)")
	for _, r := range c.Rows {
		col = max(col, len(r.C))
	}
	goCol := len("Go (x/sys/unix)")
	for _, r := range c.Rows {
		goCol = max(goCol, len(r.Go))
	}
	fmt.Fprintln(w, wrap("== "+c.Title+" ==", width, "   "))
	if width > 0 && 2+col+3+goCol > width {
		printStacked(w, c, width)
	} else {
		fmt.Fprintf(w, "  %-*s | %s\n", col, "C (the tutorial)", "Go (x/sys/unix)")
		fmt.Fprintf(w, "  %s-+-%s\n", strings.Repeat("-", col), strings.Repeat("-", col))
		for _, r := range c.Rows {
			fmt.Fprintf(w, "%s %-*s | %s\n", mark(r), col, r.C, r.Go)
			if !r.Same() && r.Why != "" {
				fmt.Fprintln(w, wrap("      because "+r.Why, width, "      "))
			}
		}
	}
	counts := fmt.Sprintf("  other system calls (loader, libc, Go runtime): C %d, Go %d; signals: C %d, Go %d; restarted calls: C %d, Go %d",
		c.C.Other, c.Go.Other, c.C.Signals, c.Go.Signals, c.C.Restarted, c.Go.Restarted)
	fmt.Fprintf(w, "%s\n\n", wrap(counts, width, "  "))
}

// printStacked prints each row as one line where both sides are the same
// call, and as a "C:" line over a "Go:" line where they differ.
func printStacked(w io.Writer, c Comparison, width int) {
	fmt.Fprintln(w, wrap("  (C, the tutorial, over Go, x/sys/unix, where they differ)", width, "  "))
	for _, r := range c.Rows {
		m := mark(r)
		if r.Same() {
			fmt.Fprintln(w, wrap(m+" "+r.C, width, "      "))
			continue
		}
		fmt.Fprintln(w, wrap(m+" C:  "+orNone(r.C), width, "      "))
		fmt.Fprintln(w, wrap("  Go: "+orNone(r.Go), width, "      "))
		if r.Why != "" {
			fmt.Fprintln(w, wrap("      because "+r.Why, width, "      "))
		}
	}
}

func mark(r Row) string {
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

// wrap breaks s into lines of at most width bytes (no limit for a width of
// 0), at a space where there is one, else anywhere; every line after the
// first starts with indent.
func wrap(s string, width int, indent string) string {
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
