package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"tcpsocket/scripts/internal/strace"
	"tcpsocket/scripts/readmetest"
	"tcpsocket/scripts/sockettest"
)

// TCP is a byte stream, not messages (tcp(7): "a reliable,
// stream-oriented, full-duplex connection"): the server's one write(2) of
// 14 bytes reaches a client that asks for 5 bytes at a time as three
// reads, 5, 5 and 4, then end of file. The README's bytestream block is
// this run.
func TestByteStream(t *testing.T) {
	t.Parallel()
	straceBin := sockettest.RequireTool(t, "strace")
	bin := sockettest.BuildGrownUp(t)
	srv := sockettest.StartServer(t, bin.Server)
	trace := filepath.Join(t.TempDir(), "trace")
	cl := sockettest.Run(t, straceBin, "-f", "-yy", "-e", "trace=read", "-o", trace, bin.Client, "-port", strconv.Itoa(srv.Port), "-buf", "5")
	if r := srv.MustWait(t); cl.Code != 0 || cl.Stdout != "Server Message" || r.Code != 0 {
		t.Fatalf("client -buf 5 under strace: %v; server: %v", cl, r)
	}
	raw, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	// strace -f splits a read that another thread's call interrupts into
	// "<unfinished ...>" and "<... read resumed>" lines (once in 20 runs
	// with every CPU busy); strace.Lines joins them.
	lines, err := strace.Lines(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, line := range lines {
		if m := socketRead.FindStringSubmatch(line.Text); m != nil {
			got = append(got, "read(sockfd, "+m[1])
		}
	}
	if len(got) != 4 || !strings.HasSuffix(got[3], "= 0") {
		t.Fatalf("reads of the socket: %q; want 5, 5, 4 bytes and end of file", got)
	}
	readmetest.BlockIs(t, "README.md", "bytestream", got)
}

// socketRead matches strace -yy's line for a read(2) of a TCP socket, and
// keeps what follows the descriptor.
var socketRead = regexp.MustCompile(`read\(\d+<TCP:\[[^\]]*\]>, (.*)$`)
