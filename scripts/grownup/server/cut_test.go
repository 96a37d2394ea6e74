package main

import (
	"errors"
	"testing"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/grownup"
	"tcpsocket/scripts/lab"
)

// The cut of a second signal as macOS and the BSDs make it (cutByShutdown,
// then resetOnClose and close(2)), run on this machine's kernel over
// loopback, so that Linux, whose cut resets at once (cut_linux.go), checks
// it too: the peer must read what had arrived and then fail with
// ECONNRESET, never reach an end of file that would pass the cut stream off
// as the whole (TestCutConnectionIsReset sees it from the grown-up client,
// but on Linux that is cutConnection's reset).
//
// The rule it relies on is the kernels', not a man page's: socket(7) says
// of SO_LINGER only that close(2) waits for the queued data to be sent or
// the linger time to pass; that a time of 0 aborts the connection is in the
// TCP code of each. Linux's __tcp_close (net/ipv4/tcp.c): "} else if
// (sock_flag(sk, SOCK_LINGER) && !sk->sk_lingertime) { /* Check zero
// linger _after_ checking for unread data. */
// sk->sk_prot->disconnect(sk, 0);", that is tcp_disconnect, which purges
// the write queue and, in a synchronised state (tcp_need_reset: FIN-WAIT-1,
// where shutdown(2) left the socket, included), sends a reset. FreeBSD's
// tcp_disconnect (sys/netinet/tcp_usrreq.c), 4.4BSD's, which XNU kept:
// "} else if ((so->so_options & SO_LINGER) && so->so_linger == 0) { tp =
// tcp_drop(tp, 0);", and tcp_drop moves the connection to CLOSED and calls
// tcp_output, which in that state sends RST (tcp_outflags, tcp_fsm.h). The
// peer's kernel, reset in ESTABLISHED (it never got the FIN, queued behind
// data it had no room for), fails its next read with ECONNRESET once the
// data that had arrived is read (Linux's tcp_reset; tcp_input's drop with
// ECONNRESET on the BSDs).
func TestCutByShutdownResetsOnClose(t *testing.T) {
	t.Parallel()
	listenfd, port, err := lab.BoundSocket(lab.Loopback4)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(listenfd)
	if err := unix.Listen(listenfd, 1); err != nil {
		t.Fatal(err)
	}
	peer, rcvbuf := dialSmallReceiveBuffer(t, port)
	defer unix.Close(peer)
	connfd, _, err := lab.Accept(listenfd)
	if err != nil {
		t.Fatal(err)
	}

	// The server writes until its send buffer is full (non-blocking: EAGAIN
	// says so), the peer reading nothing yet, so that data and the FIN are
	// left unsent, as when a second signal cuts a write blocked on a peer
	// that is slow to read. The peer's small receive buffer keeps them
	// unsent however long the test is kept from its next call: with the
	// kernel's own, which grows as data comes, a busy machine once let
	// everything and the FIN through before the close (2 runs in 30 of make
	// flakes), and the peer read it all.
	if err := unix.SetNonblock(connfd, true); err != nil {
		t.Fatal(err)
	}
	written := 0
	chunk := make([]byte, 64<<10)
	for {
		n, err := unix.Write(connfd, chunk)
		if errors.Is(err, unix.EAGAIN) {
			break
		}
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			unix.Close(connfd)
			t.Fatalf("write: %v", err)
		}
		written += n
	}
	if written <= rcvbuf {
		unix.Close(connfd)
		t.Fatalf("premise: %d bytes written, which the peer's %d-byte receive buffer holds; want some left unsent", written, rcvbuf)
	}
	cutByShutdown(connfd)
	if err := resetOnClose(connfd); err != nil {
		unix.Close(connfd)
		t.Fatalf("resetOnClose: %v", err)
	}
	if err := unix.Close(connfd); err != nil {
		t.Fatalf("close: %v", err)
	}

	read := 0
	buf := make([]byte, 64<<10)
	for {
		n, err := grownup.RetryIO(unix.Read, peer, buf)
		if n <= 0 {
			if !errors.Is(err, unix.ECONNRESET) || read >= written {
				t.Errorf("the peer read %d of the %d bytes written, then %v; want fewer, then ECONNRESET (a reset, not an end of file)",
					read, written, errOrEOF(err))
			}
			return
		}
		read += n
	}
}

// dialSmallReceiveBuffer connects a blocking socket to 127.0.0.1:port with
// a receive buffer of a few kilobytes, set before connect(2) so that the
// window it offers is that small from the SYN on (SO_RCVBUF, socket(7) and
// tcp(7); a buffer set by hand is no longer tuned by the kernel). It
// returns the socket and the buffer's size as the kernel set it (doubled).
func dialSmallReceiveBuffer(t *testing.T, port int) (fd, rcvbuf int) {
	t.Helper()
	fd, err := lab.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, 4096); err != nil {
		unix.Close(fd)
		t.Fatalf("setsockopt SO_RCVBUF: %v", err)
	}
	if rcvbuf, err = unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF); err != nil {
		unix.Close(fd)
		t.Fatalf("getsockopt SO_RCVBUF: %v", err)
	}
	if err := unix.Connect(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: port}); err != nil {
		unix.Close(fd)
		t.Fatalf("connect: %v", err)
	}
	return fd, rcvbuf
}

// errOrEOF names a read's end: its error, or the end of file of a read
// that returned 0.
func errOrEOF(err error) string {
	if err == nil {
		return "end of file"
	}
	return err.Error()
}
