package main

import (
	"os"
	"strings"
	"testing"

	"tcpsocket/scripts/internal/strace"
	"tcpsocket/scripts/readmetest"
	"tcpsocket/scripts/sockettest"
)

// make compare-net: the C, the port and net, for the exchange and the two
// failures; every call net adds or changes is explained; every explanation
// (but those of calls that timing decides) is used by the run, so none is
// stale; and scripts/compare/README.md shows the run as it is now.
func TestCompareNet(t *testing.T) {
	sockettest.Slow(t, "the three pairs under strace, net's calls explained (-short compares the C and the port: TestGoTraceMatchesC)")
	sockettest.RequireTool(t, "strace")
	sockettest.RequireTool(t, "cc")
	if err := strace.Check(); err != nil {
		sockettest.Missing(t, err.Error())
	}
	titles, tables, err := compareNet(sockettest.Build(t))
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	used := map[string]bool{}
	for i, rows := range tables {
		var out strings.Builder
		printNet(&out, titles[i], rows, 0)
		if n := unexplainedNet(rows); n > 0 {
			t.Errorf("%s: %d unexplained:\n%s", titles[i], n, out.String())
		}
		for k := range usedNet(rows) {
			used[k] = true
		}
		printNet(&all, titles[i], withoutTiming(rows), 0)
	}
	// The kernel's premise: the committed block is from a kernel with
	// Multipath TCP, which net's listeners use where it is enabled.
	if mptcp, err := os.ReadFile("/proc/sys/net/mptcp/enabled"); err != nil || strings.TrimSpace(string(mptcp)) != "1" {
		t.Skipf("Multipath TCP is not enabled here (/proc/sys/net/mptcp/enabled: %q, %v): net's calls differ from the committed block's", mptcp, err)
	}
	for _, c := range netCalls {
		if !c.timing && !used[c.file+": "+c.text] {
			t.Errorf("the explanation %q matched no call of the run: stale", c.why)
		}
	}
	readmetest.CheckBlock(t, "scripts/compare/README.md", "compare-net", all.String(), "compare-net-readme")
}

// withoutTiming is rows without those of net's calls that a run makes or
// not by timing (a non-blocking call that finds nothing yet): what two
// runs are compared by.
func withoutTiming(rows []row3) []row3 {
	var out []row3
	for _, r := range rows {
		if c := matchNet(r.Net); c != nil && c.timing && r.Port == "" && r.C == "" {
			continue
		}
		out = append(out, r)
	}
	return out
}

// usedNet returns the explanations of net's calls that rows use.
func usedNet(rows []row3) map[string]bool {
	used := map[string]bool{}
	for _, r := range rows {
		if c := matchNet(r.Net); c != nil && r.Net != r.Port {
			used[c.file+": "+c.text] = true
		}
	}
	return used
}
