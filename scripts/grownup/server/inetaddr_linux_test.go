package main

import (
	"path/filepath"
	"testing"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// The C's inet_addr(3) takes what the Go server's -ip refuses: "1.2.3" is
// 1.2.0.3, "0x7f.0.0.1" is 127.0.0.1 (the classic forms inet_aton(3)
// documents), and "999.1.1.1" is INADDR_NONE, 255.255.255.255, the
// broadcast address, which Linux lets a TCP socket bind (inet_bind allows
// RTN_BROADCAST) and no client can connect to. The port is stricter on
// purpose: a dotted-decimal IPv4 address or an IPv6 one, nothing else
// (TestBadUsage). Linux only: the connect's error differs elsewhere.
func TestInetAddrIsLoose(t *testing.T) {
	t.Parallel()
	sockettest.RequireTool(t, "cc")
	out := filepath.Join(t.TempDir(), "inet_addr")
	if err := lab.CompileC(filepath.Join("testdata", "inet_addr.c"), out, 0); err != nil {
		t.Fatal(err)
	}
	r := sockettest.Run(t, out)
	want := `inet_addr("1.2.3") = 1.2.0.3
inet_addr("0x7f.0.0.1") = 127.0.0.1
inet_addr("999.1.1.1") = 255.255.255.255
bind to it: 0
connect to it: Network is unreachable
`
	if r.Stdout != want {
		t.Errorf("inet_addr.c: %v; want stdout\n%s", r, want)
	}
}
