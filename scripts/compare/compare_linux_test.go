package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tcpsocket/scripts/internal/sidebyside"
	"tcpsocket/scripts/internal/strace"
	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/readmetest"
	"tcpsocket/scripts/sockettest"
)

func TestMain(m *testing.M) { sockettest.Main(m) }

// The promise of the port: under strace, the Go programs make the C's
// socket calls, in the C's order, with the C's arguments, in the exchange
// and in the two first failures; every difference is a known one.
func TestGoTraceMatchesC(t *testing.T) {
	sockettest.RequireTool(t, "strace")
	sockettest.RequireTool(t, "cc")
	if err := strace.Check(); err != nil {
		sockettest.Missing(t, err.Error())
	}
	bin := sockettest.Build(t)
	comparisons, err := compareAll(bin)
	if err != nil {
		t.Fatal(err)
	}
	root := sockettest.RepoRoot(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join(root, "scripts", "compare", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readmeTables, docTables := sidebyside.Block(readme, "compare"), sidebyside.Block(doc, "compare")
	titles := map[string]bool{}
	var all strings.Builder
	for _, c := range comparisons {
		titles[c.Title] = true
		if len(c.C.Calls) < 3 || len(c.Go.Calls) < 3 {
			t.Errorf("%s: too few socket calls traced (C %d, Go %d): the trace filter lost them",
				c.Title, len(c.C.Calls), len(c.Go.Calls))
		}
		var out bytes.Buffer
		printComparison(&out, c, 0)
		all.WriteString(out.String())
		if bad := sidebyside.Unexplained(c.Rows); bad > 0 {
			t.Errorf("%s: %d unexplained difference(s):\n%s", c.Title, bad, out.String())
		}
		// The READMEs show this output, as the code makes it now: the
		// main README in its width.
		for _, line := range sidebyside.Stale(docTables, out.String()) {
			t.Errorf("scripts/compare/README.md's compare block lacks this line of %s (run make compare-readme):\n%s", c.Title, line)
		}
		if inReadme(c.Title) {
			var narrow bytes.Buffer
			printComparison(&narrow, c, readmeWidth)
			for _, line := range sidebyside.Stale(readmeTables, narrow.String()) {
				t.Errorf("README.md's compare block lacks this line of %s (run make compare-readme):\n%s", c.Title, line)
			}
		}
	}
	// The lesson quotes lines of the comparison (the sockaddr's length,
	// the value-result length of accept4) as they are.
	readmetest.QuotesIn(t, "README.md", "compare-quote", all.String())
	want := []string{"exchange, server", "exchange, client", "bind in use, server", "connect refused, client",
		"serve until stopped (the grown-up Go server: -n 0, SIGTERM after one client), server"}
	if err := lab.HasIPv6(); err == nil {
		want = append(want, "exchange, the grown-up Go pair over IPv6, server", "exchange, the grown-up Go pair over IPv6, client")
	} else {
		sockettest.Missing(t, err.Error()+": the IPv6 exchange was not compared")
	}
	for _, want := range want {
		if !titles[want] {
			t.Errorf("no comparison %q among %v", want, titles)
		}
	}
}

// The strace lines of the call-by-call pages are what make compare
// prints: each call that server/README.md and client/README.md show under
// a step is a whole line of the exchange's trace, C or Go.
func TestReadmeShowsTrace(t *testing.T) {
	sockettest.RequireTool(t, "strace")
	sockettest.RequireTool(t, "cc")
	if err := strace.Check(); err != nil {
		sockettest.Missing(t, err.Error())
	}
	// compare's own README has the exchange's tables at full width, one
	// call a line (the main README's wrap at 80 columns).
	raw, err := os.ReadFile(filepath.Join(sockettest.RepoRoot(t), "scripts", "compare", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	block := string(sidebyside.Block(raw, "compare"))
	for _, file := range []string{"server/README.md", "client/README.md"} {
		calls := readmetest.StepLines(t, file, "strace")
		if len(calls) == 0 {
			t.Errorf("%s shows no strace line under its steps", file)
		}
		for _, call := range calls {
			if !strings.Contains(block, "| "+call+"\n") && !strings.Contains(block, " "+call+" ") {
				t.Errorf("%s shows %q, which is not a call in the exchange's trace", file, call)
			}
		}
	}
}
