package main

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"tcpsocket/scripts/internal/netns/netnstest"
	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/readmetest"
	"tcpsocket/scripts/sockettest"
)

// TestMain: this test binary is also the copy that netns.Run starts.
func TestMain(m *testing.M) { netnstest.TestMain(m, pairMain) }

// The Go pair puts the C pair's segments on the wire: the handshake, the
// 14 bytes, the two FINs and the last ACK, each labelled; every difference
// explained; and scripts/wire/README.md shows what the code does now.
func TestGoSegmentsMatchC(t *testing.T) {
	if lab.Emulator != "" {
		// Wire runs this test binary again under unshare; an arm64 binary
		// needs the emulator in front of it, and binfmt_misc, which these
		// machines lack, is what would put it there.
		t.Skip("under qemu-user: the capture re-runs the test binary in a new network namespace, which needs binfmt_misc; make test runs it natively")
	}
	sockettest.RequireTool(t, "unshare")
	sockettest.RequireTool(t, "cc")
	tcpdump := sockettest.RequireTool(t, "tcpdump")
	bin := sockettest.Build(t)
	dir := t.TempDir()
	out, unexplained, pairs, err := compareWire(bin, 80, dir)
	netnstest.Check(t, out, unexplained, err)
	sockettest.Fits(t, "make wire", out, 80)
	for _, want := range []string{"-- SYN: the client's connect()", "-- SYN-ACK", "-- ACK: the handshake is done",
		`len 14 "Server Message"  -- data, 14 bytes: the server's write()`, "-- FIN: the server's close()",
		"-- FIN: the client's exit", "-- the last ACK"} {
		if flat := strings.Join(strings.Fields(out), " "); !strings.Contains(flat, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("the capture lacks %q:\n%s", want, out)
		}
	}
	// The SYN's window scale is explained with this machine's value.
	flat := strings.Join(strings.Fields(out), " ")
	if m := regexp.MustCompile(`wscale (\d+)>`).FindStringSubmatch(flat); m == nil || !strings.Contains(flat, "wscale "+m[1]+", the window scale (RFC 7323)") {
		t.Errorf("the SYN's wscale is not explained with its value:\n%s", out)
	}
	readmetest.CheckBlock(t, "scripts/wire/README.md", "wire", out, "wire-readme")

	// Each pcap file is what tcpdump reads: the same segments, in the same
	// order, with the same flags and lengths as the pair's lines.
	for i, name := range []string{"wire-c.pcap", "wire-go.pcap"} {
		r := sockettest.Run(t, tcpdump, "-r", filepath.Join(dir, name), "-nn", "-t", "tcp")
		if r.Code != 0 {
			t.Fatalf("tcpdump -r %s: %v", name, r)
		}
		var flags, want []string
		for _, line := range strings.Split(strings.TrimSpace(r.Stdout), "\n") {
			if m := tcpdumpFlags.FindStringSubmatch(line); m != nil {
				flags = append(flags, "["+m[1]+"]")
			}
		}
		for _, line := range pairs[i] {
			want = append(want, strings.Fields(line)[3]) // [S], [S.], ...
		}
		if !slices.Equal(flags, want) {
			t.Errorf("tcpdump -r %s: flags %v; make wire printed %v:\n%s", name, flags, want, r.Stdout)
		}
	}
}

// tcpdumpFlags reads the flags from tcpdump's line for a TCP segment:
// "IP 127.0.0.1.5000 > 127.0.0.1.41234: Flags [S.], seq ...".
var tcpdumpFlags = regexp.MustCompile(`Flags \[([^\]]*)\]`)
