package main

import (
	"strconv"
	"strings"
	"tcpsocket/sockutil/sockettest"
	"testing"
)

// The tutorial's server closes first, so its side of the connection waits
// in TIME_WAIT (tcp(7)) and a restart on the same port fails, with a hint;
// -reuseaddr sets SO_REUSEADDR (socket(7)) and the restart works, when the
// server that left the TIME_WAIT behind had it too (see the Linux test).
func TestRestartInTimeWait(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	port := timeWait(t, bin, "-reuseaddr")

	again := sockettest.Run(t, bin.Server, "-port", port)
	want := "Error : Could not bind on Given IP: address already in use (EADDRINUSE)\nhint: "
	if again.Code != 1 || !strings.HasPrefix(again.Stdout, want) || !strings.Contains(again.Stdout, "TIME_WAIT") ||
		!strings.Contains(again.Stdout, "-reuseaddr") || strings.Count(again.Stdout, "\n") != 2 {
		t.Errorf("restart without -reuseaddr: %v; want exit 1, the bind line and a hint naming TIME_WAIT and -reuseaddr", again)
	}

	p := sockettest.Start(t, bin.Server, "-port", port, "-reuseaddr")
	n, _ := strconv.Atoi(port)
	sockettest.WaitListening(t, p, n)
	cl := sockettest.Run(t, bin.Client, "-port", port)
	if r := p.Wait(t); r.Code != 0 || cl.Stdout != message {
		t.Errorf("restart with -reuseaddr: server %v, client %v", r, cl)
	}
}

// timeWait runs one exchange with a server started with args, and returns
// its port, which the server's side of the connection now holds in
// TIME_WAIT.
func timeWait(t *testing.T, bin sockettest.Programs, args ...string) string {
	t.Helper()
	first := sockettest.StartServer(t, bin.Server, args...)
	port := strconv.Itoa(first.Port)
	if cl := sockettest.Run(t, bin.Client, "-port", port); cl.Stdout != message {
		t.Fatalf("client: %v", cl)
	}
	if r := first.Wait(t); r.Code != 0 {
		t.Fatalf("first server: %v", r)
	}
	return port
}
