package main

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"tcpsocket/scripts/sockettest"
)

// ip(7): binding to a port below ip_unprivileged_port_start (1024 unless
// set) needs CAP_NET_BIND_SERVICE. A server run without it gets EACCES and
// a hint that says so. (macOS since 10.14 lets anyone bind below 1024, so
// this is Linux's rule.) The test drops to the user nobody when run as
// root, as CI is.
func TestPrivilegedPortHint(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	raw, err := os.ReadFile("/proc/sys/net/ipv4/ip_unprivileged_port_start")
	if err != nil {
		t.Fatal(err)
	}
	if start, _ := strconv.Atoi(strings.TrimSpace(string(raw))); start <= 80 {
		t.Skipf("ip_unprivileged_port_start is %d here: anyone may bind port 80", start)
	}
	p := sockettest.Prepare(t, bin.Server, "-port", "80")
	if os.Geteuid() == 0 {
		p.AsNobody()
	}
	r := p.MustRun(t)
	want := "Error : Could not bind on Given IP: permission denied (EACCES)\n" +
		"hint: port 80 is below 1024, and binding to it needs privilege (ip(7): ip_unprivileged_port_start, CAP_NET_BIND_SERVICE); use a -port of 1024 or more\n"
	if r.Code != 1 || r.Stdout != want {
		t.Errorf("server -port 80 without privilege: %v; want exit 1, stdout %q", r, want)
	}
}
