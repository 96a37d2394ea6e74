package sockettest

import (
	"os"
	"strings"
	"syscall"
	"testing"
)

// innerEnv marks the copy of this test binary that
// TestChildrenStartWithDefaultSignals starts with the signals ignored.
const innerEnv = "TCPSOCKET_SIGNALS_INNER"

// A test binary started with SIGINT and SIGHUP ignored (a background job,
// nohup) starts its programs with both at their defaults, so that a
// signal a test sends them does what it does from a terminal: the copy of
// this binary, started by a sh that ignores both first (trap with an
// empty action), runs sh processes that signal themselves, and each dies
// of its signal.
func TestChildrenStartWithDefaultSignals(t *testing.T) {
	sh := RequireTool(t, "sh")
	if os.Getenv(innerEnv) == "" {
		p := Prepare(t, sh, "-c", `trap '' INT HUP; exec "$0" -test.run='^TestChildrenStartWithDefaultSignals$' -test.count=1 -test.v`, os.Args[0])
		p.Cmd.Env = append(os.Environ(), innerEnv+"=1")
		if r := p.MustRun(t); r.Code != 0 || !strings.Contains(r.Stdout, "--- PASS") {
			t.Fatalf("the test binary started with SIGINT and SIGHUP ignored: %v", r)
		}
		return
	}
	for sig, name := range map[syscall.Signal]string{syscall.SIGINT: "INT", syscall.SIGHUP: "HUP"} {
		r := Run(t, sh, "-c", "kill -"+name+" $$; echo survived")
		if r.Signal != sig {
			t.Errorf("sh that sent itself %v: %v; want it killed by it: the test binary passed its ignoring on", sig, r)
		}
	}
}
