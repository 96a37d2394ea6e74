package main

import (
	"strings"
	"testing"

	"tcpsocket/sockutil/sockettest"
)

// On Linux, SO_REUSEADDR lets bind(2) take a port held in TIME_WAIT only
// if the socket that left it there had SO_REUSEADDR too: the kernel's
// bind-conflict check (inet_csk_bind_conflict in net/ipv4/inet_connection_sock.c)
// wants both sockets' sk_reuse, and a TIME_WAIT socket keeps the one of
// the connection it was. So a server run without -reuseaddr blocks a
// restart for about a minute even with it; -reuseaddr belongs on every run.
func TestReuseAddrNeedsBothRunsOnLinux(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	port := timeWait(t, bin) // the tutorial's server: no SO_REUSEADDR
	r := sockettest.Run(t, bin.Server, "-port", port, "-reuseaddr")
	want := "Error : Could not bind on Given IP: address already in use (EADDRINUSE)\nhint: "
	if r.Code != 1 || !strings.HasPrefix(r.Stdout, want) || strings.Count(r.Stdout, "\n") != 2 {
		t.Fatalf("restart with -reuseaddr after a run without: %v; want exit 1, the bind line and one hint line", r)
	}
	// The hint must not advise -reuseaddr, which was given, but say why it
	// did not help and what does.
	hint := strings.SplitN(r.Stdout, "\n", 3)[1]
	for _, want := range []string{"without -reuseaddr", "TIME_WAIT", "wait up to a minute", "another -port"} {
		if !strings.Contains(hint, want) {
			t.Errorf("hint %q lacks %q", hint, want)
		}
	}
	if strings.Contains(hint, "start every run with -reuseaddr") {
		t.Errorf("the hint advises -reuseaddr, which was given: %q", hint)
	}
}
