package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"tcpsocket/scripts/sockettest"
)

// On Linux, SO_REUSEADDR lets bind(2) take a port held in TIME_WAIT only
// if the socket that left it there had SO_REUSEADDR too: the kernel's
// bind-conflict check (inet_csk_bind_conflict in net/ipv4/inet_connection_sock.c)
// wants both sockets' sk_reuse, and a TIME_WAIT socket keeps the one of
// the connection it was. So a server run without -reuseaddr blocks a
// restart for about a minute even with it; -reuseaddr belongs on every run.
func TestReuseAddrNeedsBothRunsOnLinux(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	port := timeWait(t, bin) // the tutorial's server: no SO_REUSEADDR
	r := sockettest.RunFailing(t, bin.Server, "-port", port, "-reuseaddr")
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

// With no room in the kernel's TIME_WAIT table, the TIME_WAIT tests skip,
// saying why, in seconds: they used to wait 30 s for a client and fail.
// The two tests run again, in a network namespace of their own whose table
// holds nothing (net.ipv4.tcp_max_tw_buckets = 0, a per-namespace sysctl).
func TestTimeWaitPremiseChecked(t *testing.T) {
	t.Parallel()
	sockettest.Slow(t, "the TIME_WAIT tests again in a network namespace")
	unshare := sockettest.RequireTool(t, "unshare")
	sockettest.RequireTool(t, "ip")
	args := []string{"--net"}
	if os.Geteuid() != 0 {
		args = append(args, "--map-root-user")
	}
	script := `ip link set lo up && echo 0 >/proc/sys/net/ipv4/tcp_max_tw_buckets &&
		exec "$0" -test.count=1 -test.v -test.run '^(TestRestartInTimeWait|TestReuseAddrNeedsBothRunsOnLinux)$'`
	r := sockettest.Run(t, unshare, append(args, "--", "sh", "-c", script, os.Args[0])...)
	if !strings.Contains(r.Stdout, "=== RUN") { // unshare or ip failed; the tests never ran
		sockettest.Missing(t, fmt.Sprintf("cannot run the tests in a network namespace with a full TIME_WAIT table: %v", r))
		return
	}
	for _, name := range []string{"TestRestartInTimeWait", "TestReuseAddrNeedsBothRunsOnLinux"} {
		if !strings.Contains(r.Stdout, "--- SKIP: "+name) {
			t.Errorf("%s did not skip with a full TIME_WAIT table (%v):\n%s", name, r.Code, r.Stdout)
		}
	}
	if !strings.Contains(r.Stdout, "its TIME_WAIT table may be full") {
		t.Errorf("the skips do not say why:\n%s", r.Stdout)
	}
}
