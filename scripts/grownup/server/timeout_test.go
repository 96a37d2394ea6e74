package main

import (
	"io"
	"strconv"
	"strings"
	"testing"

	"tcpsocket/scripts/sockettest"
)

// -timeout sets SO_SNDTIMEO (socket(7)) on each connection: a write that
// cannot go on for that long fails, so a peer that never reads costs the
// server that connection, reported (exit 3), not the server.
func TestServerTimeout(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	srv := sockettest.StartServer(t, bin.Server, "-size", strconv.Itoa(1<<30), "-timeout", "300ms")
	conn := dial(t, srv.Port)
	if _, err := io.ReadFull(conn, make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	r := srv.MustWait(t)
	want := "Error : Could not write: the peer took nothing for 300ms: -timeout expired (SO_SNDTIMEO)\n"
	if r.Code != 3 || r.Stdout != want {
		t.Errorf("server: %v; want exit 3, stdout %q", r, want)
	}
}

// Without -timeout, the default, the server sets no timeout: its trace is
// the tutorial's (make compare). A bad -timeout is a usage error.
func TestTimeoutUsage(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	for _, prog := range []string{bin.Server, bin.Client} {
		for _, bad := range []string{"-1s", "0.1ns", "soon", "100", "25h", ""} {
			r := sockettest.Run(t, prog, "-timeout", bad)
			if r.Code != 64 || !strings.Contains(r.Stderr, strconv.Quote(bad)) || strings.Count(r.Stderr, "\n") != 1 {
				t.Errorf("%s -timeout %q: %v; want exit 64 and one line naming the value", prog, bad, r)
			}
		}
	}
}
