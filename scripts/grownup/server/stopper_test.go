package main

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/grownup"
	"tcpsocket/scripts/lab"
)

// The stop logic on its own, over real sockets on loopback, with the
// signals fed to catch by the test: what the loop does when a stop comes
// at each point of a connection.
func TestStopper(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		connections int64
		signals     []os.Signal // sent while the connection is in hand
		peerReads   bool
		wantServed  bool // the whole payload written
		wantNext    bool // next() after the connection
		wantStatus  int
		wantOut     string // the prefix of what failed() printed
	}{
		{name: "-n 1: one connection, then no more", connections: 1, peerReads: true, wantServed: true, wantNext: false, wantStatus: 0},
		{name: "-n 2: a second connection", connections: 2, peerReads: true, wantServed: true, wantNext: true, wantStatus: 0},
		{name: "-n 0, no signal: go on", connections: 0, peerReads: true, wantServed: true, wantNext: true, wantStatus: 0},
		{name: "-n 0, SIGTERM mid-connection: served, then stop", connections: 0, signals: []os.Signal{unix.SIGTERM},
			peerReads: true, wantServed: true, wantNext: false, wantStatus: 0},
		{name: "-n 0, two signals, peer never reads: cut, reported", connections: 0, signals: []os.Signal{unix.SIGINT, unix.SIGTERM},
			peerReads: false, wantServed: false, wantNext: false, wantStatus: 3,
			wantOut: "Error : Could not write: cut by a second signal (SIGTERM): the server stopped at once\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			listenfd, port, err := lab.BoundSocket(lab.Loopback4)
			if err != nil {
				t.Fatal(err)
			}
			defer unix.Close(listenfd)
			if err := unix.Listen(listenfd, 10); err != nil {
				t.Fatal(err)
			}
			s := newStopper(tt.connections)
			var out, notices bytes.Buffer
			s.out, s.notices = &out, &notices
			sigs := make(chan os.Signal, 2)
			go s.catch(sigs)
			defer close(sigs)
			s.watch(listenfd)

			peer := dialLoopback(t, port)
			if !s.next(listenfd) {
				t.Fatal("next() = false before any connection")
			}
			connfd, _, err := lab.Accept(listenfd)
			if err != nil {
				t.Fatal(err)
			}
			s.accepted(connfd)

			// The server writes 16 MiB; the peer reads them, or not. Each
			// chunk through Writen, as the server's: a signal to the
			// process (a SIGCHLD from another test's child) can cut a
			// blocking write(2) short after part of it went (write(2)),
			// and a write taken for whole would leave the peer waiting
			// for the rest (a hang of this test, once in a flake hunt
			// with both CPUs busy, fits that).
			const size = 16 << 20
			written := make(chan error, 1)
			go func() {
				chunk := make([]byte, 64<<10)
				for sent := 0; sent < size; sent += len(chunk) {
					if err := grownup.Writen(unix.Write, connfd, chunk); err != nil {
						written <- err
						return
					}
				}
				written <- nil
			}()
			read := make(chan int, 1)
			if tt.peerReads {
				go func() {
					n := 0
					buf := make([]byte, 64<<10)
					for n < size {
						m, err := grownup.RetryIO(unix.Read, peer, buf)
						if m <= 0 || err != nil {
							break
						}
						n += m
					}
					read <- n
				}()
			}
			for i, sig := range tt.signals {
				sigs <- sig
				waitFor(t, &s.mu, func() bool { return len(s.signals) == i+1 })
			}
			select {
			case err := <-written:
				if (err == nil) != tt.wantServed {
					t.Errorf("the write ended with %v; want served %v", err, tt.wantServed)
				}
				if err != nil {
					s.failed("Could not write", err)
				}
			case <-time.After(lab.Timeout):
				t.Fatal("the write was still blocked after the signals")
			}
			if tt.peerReads {
				if n := <-read; n != size {
					t.Errorf("the peer read %d bytes; want %d", n, size)
				}
			}
			s.closing()
			unix.Close(connfd)
			unix.Close(peer)

			if tt.wantNext {
				waiting := dialLoopback(t, port) // a client waiting, so that next() need not block
				defer unix.Close(waiting)
			}
			if got := s.next(listenfd); got != tt.wantNext {
				t.Errorf("next() after the connection = %v; want %v", got, tt.wantNext)
			}
			if got := s.exitStatus(); got != tt.wantStatus {
				t.Errorf("exit status %d; want %d", got, tt.wantStatus)
			}
			if out.String() != tt.wantOut {
				t.Errorf("printed %q; want %q", out.String(), tt.wantOut)
			}
			if len(tt.signals) > 0 && !strings.Contains(notices.String(), "accepting no more") {
				t.Errorf("the first signal's notice is missing: %q", notices.String())
			}
		})
	}
}

// dialLoopback connects a blocking socket to 127.0.0.1:port; the
// listener's backlog completes the handshake without accept(2). The caller
// closes it (once: a second close could close another subtest's socket).
func dialLoopback(t *testing.T, port int) int {
	t.Helper()
	fd, err := lab.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Connect(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: port}); err != nil {
		unix.Close(fd)
		t.Fatal(errors.Join(errors.New("connect"), err))
	}
	return fd
}

// waitFor waits, at most lab.Timeout, until cond holds under mu.
func waitFor(t *testing.T, mu interface {
	Lock()
	Unlock()
}, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(lab.Timeout)
	for {
		mu.Lock()
		ok := cond()
		mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}
