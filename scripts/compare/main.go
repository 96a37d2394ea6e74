// Command compare runs the tutorial's C programs and the Go port under
// strace, keeps the calls each makes on its TCP sockets (and what it writes
// to standard output), and prints the two sequences side by side, for the
// exchange and for the two failures a learner meets first: bind on a port in
// use, connect where nothing listens. Every difference is either explained
// where it is printed or makes the command exit 1.
//
// Usage (make compare builds the Go programs first):
//
//	go run ./scripts/compare [-go bin] [-c scripts/tutorial] [-readme README.md]
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
	"strings"

	"tcpsocket/scripts/internal/sidebyside"
	"tcpsocket/scripts/internal/strace"
	"tcpsocket/scripts/lab"
)

// A comparison is one scenario's side-by-side trace.
type comparison struct {
	Title string
	C, Go strace.Trace
	Rows  []row
}

func main() {
	lab.HandleInterrupts()
	programs := sidebyside.ProgramFlags()
	width := sidebyside.WidthFlag(0)
	readme := flag.String("readme", "", "`file` (the main README) whose compare:begin/end block gets the exchange's two tables")
	withNet := flag.Bool("net", false, "compare the C, the port, and the same programs written with Go's net package (scripts/netport), each call of net's explained by the Go source that makes it (make compare-net)")
	doc := flag.String("doc", "", "`file` (scripts/compare/README.md) whose compare:begin/end block gets every table")
	flag.Parse()
	p, err := programs()
	if err != nil {
		sidebyside.Fail("compare", err)
	}
	if *withNet {
		mainNet(p, width(), *doc)
	}
	comparisons, err := compareAll(p)
	if err != nil {
		sidebyside.Fail("compare", err)
	}
	var out, all, exchange strings.Builder
	unexplained := 0
	for _, c := range comparisons {
		printComparison(&out, c, width())
		printComparison(&all, c, 0)
		if inReadme(c.Title) {
			printComparison(&exchange, c, readmeWidth)
		}
		unexplained += sidebyside.Unexplained(c.Rows)
	}
	fmt.Print(out.String())
	sidebyside.Finish("compare", map[sidebyside.Dest]string{{File: *readme, Block: "compare"}: exchange.String(), {File: *doc, Block: "compare"}: all.String()}, unexplained,
		"OK: every difference between the C and the Go programs is explained")
}

// readmeWidth is the main README's width for its tables: the learner's
// terminal, where the C's line stands over the Go's where the two do not
// fit side by side.
const readmeWidth = 80

// inReadme reports whether the main README shows the comparison titled
// title: the learner's README shows the exchange; the rest is in
// scripts/compare/README.md.
func inReadme(title string) bool {
	return title == "exchange, server" || title == "exchange, client"
}

// mainNet is make compare-net: the three-way tables, into doc's
// compare-net block too.
func mainNet(p lab.Programs, width int, doc string) {
	titles, tables, err := compareNet(p)
	if err != nil {
		sidebyside.Fail("compare", err)
	}
	var out, all strings.Builder
	unexplained := 0
	for i, rows := range tables {
		printNet(&out, titles[i], rows, width)
		printNet(&all, titles[i], rows, 0)
		unexplained += unexplainedNet(rows)
	}
	fmt.Print(out.String())
	sidebyside.Finish("compare", map[sidebyside.Dest]string{{File: doc, Block: "compare-net"}: all.String()}, unexplained,
		"OK: every call that Go's net adds or changes is explained, with the Go source that makes it")
}
