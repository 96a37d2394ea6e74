package main

import (
	"os"
	"strconv"
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

// ip(7): binding to a port below ip_unprivileged_port_start (1024 unless
// set) needs CAP_NET_BIND_SERVICE. A server run without it gets EACCES and
// a hint that says so. (macOS since 10.14 lets anyone bind below 1024, so
// this is Linux's rule.) The test drops to the user nobody when run as
// root, as CI is.
func TestPrivilegedPortHint(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	raw, err := os.ReadFile("/proc/sys/net/ipv4/ip_unprivileged_port_start")
	if err != nil {
		t.Fatal(err)
	}
	if start, _ := strconv.Atoi(strings.TrimSpace(string(raw))); start <= 80 {
		t.Skipf("ip_unprivileged_port_start is %d here: anyone may bind port 80", start)
	}
	p := sockettest.Prepare(bin.Server, "-port", "80")
	if os.Geteuid() == 0 {
		p.AsNobody()
	}
	r := p.Run(t)
	want := "Error : Could not bind on Given IP: permission denied (EACCES)\n" +
		"hint: port 80 is below 1024, and binding to it needs privilege (ip(7): ip_unprivileged_port_start, CAP_NET_BIND_SERVICE); use a -port of 1024 or more\n"
	if r.Code != 1 || r.Stdout != want {
		t.Errorf("server -port 80 without privilege: %v; want exit 1, stdout %q", r, want)
	}
}
