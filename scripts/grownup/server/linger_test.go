package main

import (
	"io"
	"strconv"
	"testing"

	"tcpsocket/scripts/sockettest"
)

// A peer that talks first, as nc(1) sends what it reads from its standard
// input, and then reads: with -size, the server reads and discards what
// the peer sent before it closes, so the peer gets every byte. Closing a
// socket with unread data in it sends a reset instead of a FIN (RFC 1122
// 4.2.2.13; tcp(7)), and the peer's kernel throws away what the peer had
// not read yet.
func TestPeerTalksFirst(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	const size = 1 << 20
	srv := sockettest.StartServer(t, bin.Server, "-size", strconv.Itoa(size))
	conn := dial(t, srv.Port)
	if _, err := conn.Write([]byte("hello\n")); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(conn)
	if err != nil || len(got) != size {
		t.Errorf("peer read %d bytes, %v; want all %d and end of file", len(got), err, size)
	}
	conn.Close() // the peer's end of file ends the server's lingering close
	if r := srv.MustWait(t); r.Code != 0 || r.Stdout != "" {
		t.Errorf("server: %v; want exit 0, no output", r)
	}
}
