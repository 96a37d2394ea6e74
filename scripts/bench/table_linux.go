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
// table shows the median and the spread.
type row struct {
	name    string
	higher  bool // whether a higher number is better
	format  string
	samples map[string][]float64
}

func newRow(name string, higher bool) row {
	return row{name: name, higher: higher, format: "%.1f", samples: map[string][]float64{}}
}

// cell is the median of a contender's samples and, where there are
// several, their spread: "19879 (19511-20102)", min to max.
func (r row) cell(name string) string {
	xs := r.samples[name]
	m := fmt.Sprintf(r.format, median(xs))
	if len(xs) < 2 {
		return m
	}
	return fmt.Sprintf("%s ("+r.format+"-"+r.format+")", m, slices.Min(xs), slices.Max(xs))
}

// median is the middle sample, or the mean of the two middle ones.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
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
		line := []string{r.name, better, r.cell(contenders[0].name)}
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
			line = append(line, r.cell(c.name), ratio)
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
