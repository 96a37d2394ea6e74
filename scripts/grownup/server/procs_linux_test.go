package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"tcpsocket/scripts/sockettest"
)

// On one CPU (taskset -c 0), the runtime starts with one P. A server that
// serves more than one connection asks for a second (procs.go); the
// one-connection run does not, nor does a server whose user set
// GOMAXPROCS. The runtime's own schedtrace (GODEBUG=schedtrace=1, a line
// from sysmon every millisecond) says how many Ps it has once the server
// listens.
func TestSpareP(t *testing.T) {
	t.Parallel()
	taskset := sockettest.RequireTool(t, "taskset")
	p := sockettest.BuildGrownUp(t)
	for _, tt := range []struct {
		name string
		args []string
		env  []string
		want int
	}{
		{"-n 0", []string{"-n", "0"}, nil, 2},
		{"-n 3", []string{"-n", "3"}, nil, 2},
		{"no flags", nil, nil, 1},
		{"-n 0, GOMAXPROCS=1 set", []string{"-n", "0"}, []string{"GOMAXPROCS=1"}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := sockettest.Prepare(t, taskset, append(append([]string{"-c", "0", p.Server}, tt.args...), "-port", "0")...)
			srv.Cmd.Env = append(append(srv.Cmd.Environ(), "GODEBUG=schedtrace=1"), tt.env...)
			srv.MustStart(t)
			defer srv.Stop()
			srv.MustWaitStderr(t, "listening on")
			if got := procsAfterListening(t, srv); got != tt.want {
				t.Errorf("gomaxprocs=%d once listening; want %d", got, tt.want)
			}
		})
	}
}

var schedLine = regexp.MustCompile(`SCHED \d+ms: gomaxprocs=(\d+)`)

// procsAfterListening waits, at most 10 s, for a schedtrace line written
// after the server's listening line, and returns its gomaxprocs.
func procsAfterListening(t *testing.T, srv *sockettest.Process) int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for i := 0; time.Now().Before(deadline); i++ {
		all := srv.Stderr()
		_, after, _ := strings.Cut(all, "listening on")
		if m := schedLine.FindStringSubmatch(after); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
		time.Sleep(time.Duration(min(i+1, 20)) * time.Millisecond)
	}
	t.Fatalf("no schedtrace line after the listening line within 10 s:\n%s", srv.Stderr())
	return 0
}
