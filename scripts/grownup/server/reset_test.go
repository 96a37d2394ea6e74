package main

import (
	"io"
	"net"
	"strconv"
	"strings"
	"testing"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// A client that resets its connection mid-transfer costs the server that
// connection, reported in one line, not the process (no SIGPIPE death: Go's
// runtime handles SIGPIPE and, for descriptors other than 1 and 2, lets the
// write fail with EPIPE; see os/signal). The next client gets every byte,
// and the exit status says a connection failed.
func TestClientResetsMidTransfer(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	const size = 64 << 20
	srv := sockettest.StartServer(t, bin.Server, "-n", "2", "-size", strconv.Itoa(size))

	conn, err := net.Dial("tcp4", "127.0.0.1:"+strconv.Itoa(srv.Port))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(conn, make([]byte, 1<<20)); err != nil {
		t.Fatal(err)
	}
	conn.(*net.TCPConn).SetLinger(0) // close(2) now sends RST, see socket(7) SO_LINGER
	conn.Close()

	sink := lab.NewSink(0)
	cl := sockettest.StartTo(t, sink, bin.Client, "-port", strconv.Itoa(srv.Port)).MustWait(t)
	if n, sum := sink.Sum(); cl.Code != 0 || sum != lab.Sum(message, size) {
		t.Errorf("second client: %v, %d bytes; want exit 0 and all %d bytes", cl, n, size)
	}
	sv := srv.MustWait(t)
	lines := strings.Split(strings.TrimSuffix(sv.Stdout, "\n"), "\n")
	if sv.Code != 3 || sv.Signal != 0 || len(lines) != 1 || !sockettest.WriteFailure.MatchString(lines[0]) {
		t.Errorf("server: %v; want exit 3 and one line matching %s", sv, sockettest.WriteFailure)
	}
	sockettest.NoPanic(t, sv)
}
