//go:build linux

package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

const (
	higherIsBetter = true
	lowerIsBetter  = false
)

// A row is one measurement for every contender: its samples, of which the
// table shows the median.
type row struct {
	name    string
	higher  bool // whether a higher number is better
	format  string
	samples map[string][]float64
}

func newRow(name string, higher bool) row {
	return row{name: name, higher: higher, format: "%.1f", samples: map[string][]float64{}}
}

type table struct{ rows []row }

func (t *table) add(rows ...row) { t.rows = append(t.rows, rows...) }

// print writes the table: the median of each contender's samples, and its
// ratio to C's median.
func (t *table) print(w io.Writer, contenders []contender) {
	header := []string{"", "better", contenders[0].name}
	for _, c := range contenders[1:] {
		header = append(header, c.name, c.name+" / C")
	}
	lines := [][]string{header}
	for _, r := range t.rows {
		better := "lower"
		if r.higher {
			better = "higher"
		}
		base := median(r.samples[contenders[0].name])
		line := []string{r.name, better, fmt.Sprintf(r.format, base)}
		for _, c := range contenders[1:] {
			if len(r.samples[c.name]) == 0 {
				line = append(line, "", "")
				continue
			}
			m := median(r.samples[c.name])
			ratio := "-"
			if base != 0 {
				ratio = fmt.Sprintf("%.2f", m/base)
			}
			line = append(line, fmt.Sprintf(r.format, m), ratio)
		}
		if n := len(r.samples[contenders[0].name]); n > 1 {
			line[0] += fmt.Sprintf(" [n=%d]", n)
		}
		lines = append(lines, line)
	}
	widths := make([]int, len(header))
	for _, l := range lines {
		for i, cell := range l {
			widths[i] = max(widths[i], len(cell))
		}
	}
	for i, l := range lines {
		cells := make([]string, len(l))
		for j, cell := range l {
			if j == 0 {
				cells[j] = fmt.Sprintf("%-*s", widths[j], cell)
			} else {
				cells[j] = fmt.Sprintf("%*s", widths[j], cell)
			}
		}
		fmt.Fprintln(w, "| "+strings.Join(cells, " | ")+" |")
		if i == 0 {
			seps := slices.Repeat([]string{"---"}, len(l))
			for j := range seps {
				seps[j] = strings.Repeat("-", widths[j])
				if j > 0 {
					seps[j] = seps[j][:len(seps[j])-1] + ":"
				}
			}
			fmt.Fprintln(w, "| "+strings.Join(seps, " | ")+" |")
		}
	}
}
