package main

import (
	"io"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"

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

// A peer that is slow to finish: it reads the whole payload and the
// server's FIN, which says that the server has written everything and waits
// in its lingering close; it then takes its time, far more than a
// millisecond and far less than the 5 s bound (lingerTimeout), sends a last
// line, and only then its end of file. The server must still be waiting:
// it reads and discards the line, ends at the peer's end of file, and no
// reset is seen. A server that had given up and closed by then answers the
// late line with a reset (data on a socket whose reading side is shut:
// tcp_rcv_state_process, net/ipv4/tcp_input.c, "if (sk->sk_shutdown &
// RCV_SHUTDOWN) ... tcp_reset"), which the peer's kernel records as the
// socket's error (EPIPE in CLOSE_WAIT: tcp_reset, same file), and which,
// had the peer not yet read everything, would have cost it the rest.
func TestLingeringCloseWaitsForASlowPeer(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	const size = 1000
	srv := sockettest.StartServer(t, bin.Server, "-size", strconv.Itoa(size))
	conn := dial(t, srv.Port).(*net.TCPConn)
	if got, err := io.ReadAll(conn); err != nil || len(got) != size {
		t.Fatalf("peer read %d bytes, %v; want %d and end of file", len(got), err, size)
	}
	// The peer's slowness is what is tested, not a wait for the server:
	// the end of file above said where the server is.
	const slow = 300 * time.Millisecond
	time.Sleep(slow)
	if srv.Exited() {
		t.Errorf("the server ended within %v of its FIN, before the peer's end of file; want it to wait for the peer up to %v", slow, lingerTimeout)
	}
	if _, err := conn.Write([]byte("bye\n")); err != nil {
		t.Errorf("the peer's late line: %v", err)
	}
	if err := conn.CloseWrite(); err != nil {
		t.Errorf("the peer's end of file, shutdown(SHUT_WR): %v; want it sent (ENOTCONN: a reset came first)", err)
	}
	if r := srv.MustWait(t); r.Code != 0 || r.Stdout != "" {
		t.Errorf("server: %v; want exit 0, no output", r)
	}
	if err := socketError(conn); err != nil {
		t.Errorf("the peer's socket error (SO_ERROR): %v; want none (a reset from a server that had closed)", err)
	}
}

// socketError reads and clears conn's pending error, SO_ERROR (socket(7)):
// the one a reset left when no call was there to fail with it.
func socketError(conn *net.TCPConn) error {
	raw, err := conn.SyscallConn()
	if err != nil {
		return err
	}
	var soErr int
	var getErr error
	if err := raw.Control(func(fd uintptr) {
		soErr, getErr = unix.GetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_ERROR)
	}); err != nil {
		return err
	}
	if getErr != nil {
		return os.NewSyscallError("getsockopt SO_ERROR", getErr)
	}
	if soErr != 0 {
		return unix.Errno(soErr)
	}
	return nil
}
