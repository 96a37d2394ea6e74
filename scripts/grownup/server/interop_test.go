package main

import (
	"strconv"
	"strings"
	"testing"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// The Go programs talk to the tutorial's C programs in both directions, and
// every pairing ends as the C pair does: the client prints exactly
// "Server Message", the server prints nothing, both exit 0.
func TestInteropWithC(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	for _, tt := range []struct{ server, client string }{
		{"C", "C"}, {"C", "Go"}, {"Go", "C"}, {"Go", "Go"},
	} {
		t.Run(tt.server+" server, "+tt.client+" client", func(t *testing.T) {
			t.Parallel()
			var srv *sockettest.Process
			var port int
			if tt.server == "C" {
				srv, port = sockettest.StartListening(t, func(port int) *sockettest.Process {
					return sockettest.Start(t, sockettest.BuildC(t, "server", port))
				})
			} else {
				s := sockettest.StartServer(t, bin.Server)
				srv, port = s.Process, s.Port
			}
			var cl sockettest.Result
			if tt.client == "C" {
				cl = sockettest.Run(t, sockettest.BuildC(t, "client", port))
			} else {
				cl = sockettest.Run(t, bin.Client, "-port", strconv.Itoa(port))
			}
			sv := srv.MustWait(t)
			if cl.Code != 0 || cl.Stdout != "Server Message" {
				t.Errorf("%s client: %v; want exit 0, stdout %q", tt.client, cl, "Server Message")
			}
			if sv.Code != 0 || sv.Stdout != "" {
				t.Errorf("%s server: %v; want exit 0, empty stdout", tt.server, sv)
			}
		})
	}
}

// On the failures a learner meets first, the Go programs print the C's
// line, then the errno, and exit with the C's EXIT_FAILURE.
func TestFailuresMatchC(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)

	t.Run("connect refused", func(t *testing.T) {
		t.Parallel()
		port := sockettest.RefusingPort(t, lab.Loopback4)
		c := sockettest.Run(t, sockettest.BuildC(t, "client", port))
		g := sockettest.Run(t, bin.Client, "-port", strconv.Itoa(port))
		compareFailure(t, c, g, "Error : Connect Failed", ": connection refused (ECONNREFUSED)")
	})

	t.Run("bind in use", func(t *testing.T) {
		t.Parallel()
		holder := sockettest.StartServer(t, bin.Server)
		c := sockettest.Run(t, sockettest.BuildC(t, "server", holder.Port))
		g := sockettest.RunFailing(t, bin.Server, "-port", strconv.Itoa(holder.Port))
		holder.Stop()
		compareFailure(t, c, g, "Error : Could not bind on Given IP", ": address already in use (EADDRINUSE)")
	})
}

func compareFailure(t *testing.T, c, g sockettest.Result, cLine, goAdds string) {
	t.Helper()
	if c.Code != 1 || c.Stdout != cLine+"\n" {
		t.Errorf("C: %v; want exit 1, stdout %q", c, cLine+"\n")
	}
	want := strings.TrimSuffix(c.Stdout, "\n") + goAdds
	if g.Code != c.Code || !strings.HasPrefix(g.Stdout, want) {
		t.Errorf("Go: %v; want exit %d like the C, stdout starting %q", g, c.Code, want)
	}
}
