package main

import (
	"bytes"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/grownup"
	"tcpsocket/scripts/lab"
)

// A stop wakes the loop wherever it waits, and wherever the signal lands:
// before the loop blocks in accept(2) (or poll(2), on macOS and the BSDs),
// while it is blocked there, with a client waiting in the listen queue,
// and in the pause after a shortage. The loop is main.go's, over a real
// listening socket on loopback, with the signal fed to catch by the test;
// a loop that a stop fails to wake hangs, and the test fails after
// lab.Timeout.
func TestStopWakesTheLoop(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		clients     int  // connected, into the listen queue, before the loop starts
		signalFirst bool // the signal before the loop starts, or once it runs
		wantServed  int
	}{
		{name: "stop before the loop blocks", signalFirst: true, wantServed: 0},
		{name: "stop while the loop waits for a client", wantServed: 0},
		{name: "stop with a client in the listen queue, before the loop", clients: 1, signalFirst: true, wantServed: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, listenfd, port, sigs := watchingStopper(t)
			for range tt.clients {
				c := dialLoopback(t, port)
				defer unix.Close(c)
			}
			if tt.signalFirst {
				sigs <- unix.SIGTERM
				waitFor(t, &s.mu, func() bool { return len(s.signals) == 1 })
			}
			done := make(chan loopResult, 1)
			go func() { done <- serveLoop(s, listenfd) }()
			if !tt.signalFirst {
				sigs <- unix.SIGTERM
			}
			select {
			case r := <-done:
				if r.err != nil || r.served != tt.wantServed {
					t.Errorf("the loop served %d, ended with %v; want %d served, no error", r.served, r.err, tt.wantServed)
				}
			case <-time.After(lab.Timeout):
				t.Fatalf("the loop was still running %v after the stop", lab.Timeout)
			}
		})
	}
}

// The pause after a shortage of descriptors (acceptFailed) ends at a
// stop, whether the stop came before the pause or during it. The pause
// here has no time limit (-1): only the stop can end it.
func TestStopEndsThePause(t *testing.T) {
	t.Parallel()
	for _, signalFirst := range []bool{true, false} {
		name := map[bool]string{true: "stop before the pause", false: "stop during the pause"}[signalFirst]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, _, _, sigs := watchingStopper(t)
			if signalFirst {
				sigs <- unix.SIGTERM
				waitFor(t, &s.mu, func() bool { return len(s.signals) == 1 })
			}
			done := make(chan struct{})
			go func() { s.wake.pause(-1); close(done) }()
			if !signalFirst {
				sigs <- unix.SIGTERM
			}
			select {
			case <-done:
			case <-time.After(lab.Timeout):
				t.Fatalf("the pause was still waiting %v after the stop", lab.Timeout)
			}
		})
	}
}

// watchingStopper returns a stopper for -n 0 that watches a listening
// socket on loopback, its port, and the channel that feeds its catch.
func watchingStopper(t *testing.T) (s *stopper, listenfd, port int, sigs chan<- os.Signal) {
	t.Helper()
	listenfd, port, err := lab.BoundSocket(lab.Loopback4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(listenfd) })
	if err := unix.Listen(listenfd, 10); err != nil {
		t.Fatal(err)
	}
	s = newStopper(0)
	s.out, s.notices = new(bytes.Buffer), new(bytes.Buffer)
	ch := make(chan os.Signal, 2)
	go s.catch(ch)
	t.Cleanup(func() { close(ch) })
	s.watch(listenfd)
	return s, listenfd, port, ch
}

type loopResult struct {
	served int
	err    error
}

// serveLoop is main.go's loop, less the writes: accept until next says
// stop, each connection recorded and closed.
func serveLoop(s *stopper, listenfd int) loopResult {
	served := 0
	for s.next(listenfd) {
		connfd, _, err := grownup.RetryAccept(s.accept, listenfd)
		if err != nil {
			if s.acceptFailed(err) {
				continue
			}
			return loopResult{served, err}
		}
		s.accepted(connfd)
		served++
		s.closing()
		unix.Close(connfd)
	}
	return loopResult{served, nil}
}
