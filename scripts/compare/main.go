// Command compare runs the tutorial's C programs and the Go port under
// strace, keeps the calls each makes on its TCP sockets (and what it writes
// to standard output), and prints the two sequences side by side, for the
// exchange and for the two failures a learner meets first: bind on a port in
// use, connect where nothing listens. Every difference is either explained
// where it is printed or makes the command exit 1.
//
// Usage (make compare builds the Go programs first):
//
//	go run ./scripts/compare [-go bin] [-c scripts/c] [-readme README.md]
//
// With -readme, the output also replaces the text between the file's
// "<!-- compare:begin -->" and "<!-- compare:end -->" lines.
//
// Exit status: 0 all differences explained; 1 an unexplained difference; 2
// it could not run (no strace, ptrace not permitted, not Linux).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"tcpsocket/scripts/internal/sidebyside"
)

// Programs are the four programs compared.
type Programs struct {
	GoServer, GoClient string
	CSource            string // the directory of server.c and client.c
}

// A Comparison is one scenario's side-by-side trace.
type Comparison struct {
	Title string
	C, Go Trace
	Rows  []Row
}

// Unexplained returns the rows that differ for no known reason.
func (c Comparison) Unexplained() []Row {
	var bad []Row
	for _, r := range c.Rows {
		if !r.Explained() {
			bad = append(bad, r)
		}
	}
	return bad
}

func main() {
	goDir := flag.String("go", "bin", "`directory` of the Go server and client")
	cDir := flag.String("c", filepath.Join("scripts", "c"), "`directory` of the tutorial's server.c and client.c")
	readme := flag.String("readme", "", "`file` (the main README) whose compare:begin/end block gets the exchange's two tables")
	doc := flag.String("doc", "", "`file` (scripts/compare/README.md) whose compare:begin/end block gets every table")
	width := flag.Int("width", -1, "print no line wider than this many `columns` (C over Go where they do not fit side by side); "+
		"0: no limit; by default the terminal's width when standard output is one, else no limit")
	flag.Parse()
	if *width < 0 {
		*width = terminalWidth()
	}
	p := Programs{
		GoServer: filepath.Join(*goDir, "server"),
		GoClient: filepath.Join(*goDir, "client"),
		CSource:  *cDir,
	}
	comparisons, err := Compare(p)
	if err != nil {
		fmt.Fprintf(os.Stderr, "compare: %v\n", err)
		os.Exit(2)
	}
	var out, all, exchange strings.Builder
	unexplained := 0
	for _, c := range comparisons {
		Print(&out, c, *width)
		Print(&all, c, 0)
		if InReadme(c.Title) {
			Print(&exchange, c, 0)
		}
		unexplained += len(c.Unexplained())
	}
	fmt.Print(out.String())
	for file, text := range map[string]string{*readme: exchange.String(), *doc: all.String()} {
		if file == "" {
			continue
		}
		if err := sidebyside.Splice(file, "compare", text); err != nil {
			fmt.Fprintf(os.Stderr, "compare: %v\n", err)
			os.Exit(2)
		}
	}
	os.Exit(sidebyside.Verdict(os.Stdout, unexplained, "OK: every difference between the C and the Go programs is explained"))
}

// InReadme reports whether the main README shows the comparison titled
// title: the learner's README shows the exchange; the rest is in
// scripts/compare/README.md.
func InReadme(title string) bool {
	return title == "exchange, server" || title == "exchange, client"
}
