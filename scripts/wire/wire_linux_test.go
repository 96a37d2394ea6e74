package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tcpsocket/scripts/internal/netns"
	"tcpsocket/scripts/internal/sidebyside"
	"tcpsocket/sockutil/process"
	"tcpsocket/sockutil/sockettest"
)

// TestMain is also the copy of this test binary that Wire starts in a new
// network namespace: there it captures one pair and exits.
func TestMain(m *testing.M) {
	if inNamespace() {
		os.Exit(pairMain())
	}
	sockettest.Main(m)
}

// The Go pair puts the C pair's segments on the wire: the handshake, the
// 14 bytes, the two FINs and the last ACK, each labelled; every difference
// explained; and scripts/wire/README.md shows what the code does now.
func TestGoSegmentsMatchC(t *testing.T) {
	if process.Emulator != "" {
		// Wire runs this test binary again under unshare; an arm64 binary
		// needs the emulator in front of it, and binfmt_misc, which these
		// machines lack, is what would put it there.
		t.Skip("under qemu-user: the capture re-runs the test binary in a new network namespace, which needs binfmt_misc; make test runs it natively")
	}
	sockettest.RequireTool(t, "unshare")
	sockettest.RequireTool(t, "cc")
	bin := sockettest.Build(t)
	root := sockettest.RepoRoot(t)
	out, unexplained, err := Wire(Programs{GoServer: bin.Server, GoClient: bin.Client, CSource: filepath.Join(root, "scripts", "c")})
	switch {
	case errors.Is(err, netns.ErrUnavailable):
		sockettest.Missing(t, "cannot capture here: "+err.Error())
	case err != nil:
		t.Fatal(err) // the tool's own failure: never a skip
	}
	if unexplained > 0 {
		t.Errorf("%d unexplained difference(s):\n%s", unexplained, out)
	}
	for _, want := range []string{"-- SYN: the client's connect()", "-- SYN-ACK", "-- ACK: the handshake is done",
		`len 14 "Server Message"  -- data, 14 bytes: the server's write()`, "-- FIN: the server's close()",
		"-- FIN: the client's exit", "-- the last ACK"} {
		if flat := strings.Join(strings.Fields(out), " "); !strings.Contains(flat, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("the capture lacks %q:\n%s", want, out)
		}
	}
	readme, err := os.ReadFile(filepath.Join(root, "scripts", "wire", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range sidebyside.Stale(sidebyside.Block(readme, "wire"), out) {
		t.Errorf("scripts/wire/README.md's wire block lacks this line (run make wire-readme):\n%s", line)
	}
}
