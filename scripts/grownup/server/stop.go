package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/grownup"
	"tcpsocket/sockutil"
)

// Not in the tutorial: -n, and the stops that serving more than one
// connection needs.
//
// The tutorial's server (-n 1) asks for no signal: Go's runtime installs
// its own handlers (strace shows rt_sigaction(SIGINT, ..., SA_RESTART...)),
// but for a signal that no os/signal.Notify asked for it restores the
// default action and raises the signal again (dieFromSignal in
// runtime/signal_unix.go), so SIGINT or SIGTERM ends the server by the
// signal (signal(7)), as it ends the C.
// With any other -n, a stop is decided by the main loop, never by the
// signal: the first SIGINT or SIGTERM stops the accepting, and the
// connection in hand, if any, is served to the end; a second one ends the
// server at once, and the connection it cuts is reported (exit status 3)
// and reset, so that a peer that never reads cannot hold the server
// hostage, nor take a cut stream for the whole.
//
// How a stop reaches the loop, which is blocked in accept(2) (or in the
// pause after a shortage) when the signal comes: the signal's goroutine
// records the signal, and at the first one wakes the loop (s.wake.stop);
// the loop, woken, finds the stop recorded and decides. How it is woken
// depends on the kernel:
//
//   - Linux (stop_linux.go): the loop blocks in accept(2) on the listening
//     socket, which stays blocking, as the C's; the wake-up is
//     shutdown(listenfd, SHUT_RD), which makes a blocked accept(2) fail
//     with EINVAL, and every later one at once. Per connection, the loop
//     makes the C's calls, and no more.
//   - macOS and the BSDs (stop_other.go), whose shutdown(2) does no such
//     thing on a listening socket: the loop waits in poll(2) on the
//     listening socket, made non-blocking, and on a pipe, to which the
//     signal's goroutine writes a byte (the self-pipe trick: UNP 20.5, TLPI
//     63.5.2). One poll(2) a connection more than the C.
//
// The second signal wakes a write(2) or read(2) blocked on the connection
// by cutting it (cutConnection: a reset at once on Linux, shutdown(2)
// elsewhere): the write fails, and the loop reports the cut and closes the
// connection with a reset.

// A stopper counts the connections served and decides when the loop stops.
type stopper struct {
	want     int64 // -n: how many connections to serve; 0, no limit
	served   int64
	watching bool  // any -n but 1: signals caught, and a stop wakes the loop
	wake     waker // how a stop wakes it: stop_linux.go, stop_other.go

	out     io.Writer // failures: standard output, where the C's messages go
	notices io.Writer // the first signal's notice: standard error

	delay time.Duration // the pause before the next accept(2) after a shortage
	yield yielder       // a runtime.Gosched now and then (yield.go)

	mu       sync.Mutex
	signals  []os.Signal // the SIGINTs and SIGTERMs received, in order
	connfd   int         // the connection in hand, -1 if none
	cut      bool        // a second signal shut the connection in hand down
	failures int
}

// catchStops returns the stopper for -n connections. With any -n but 1 it
// catches SIGINT and SIGTERM from now on, before the server listens or
// says so. SIGINT ignored when the server started (a background job of a
// non-interactive shell ignores it) stays ignored, as it does for the C;
// an inherited SIG_IGN for SIGTERM cannot be seen: Go's runtime keeps one
// for SIGHUP and SIGINT only, and has put its own handler in place for
// SIGTERM before any Go code runs (sigInstallGoHandler in
// runtime/signal_unix.go; golang/go#9896).
func catchStops(connections int64) *stopper {
	s := newStopper(connections)
	if !s.watching {
		return s
	}
	sigs := make(chan os.Signal, 2)
	for _, sig := range []os.Signal{unix.SIGINT, unix.SIGTERM} {
		if !signal.Ignored(sig) {
			signal.Notify(sigs, sig)
		}
	}
	go s.catch(sigs)
	return s
}

// newStopper returns the stopper for -n connections, ready to be woken
// when it watches, and no signals caught yet: catch takes them.
func newStopper(connections int64) *stopper {
	s := &stopper{want: connections, connfd: -1, out: os.Stdout, notices: os.Stderr}
	s.watching = connections != 1
	s.wake = newWaker(s.watching)
	return s
}

// catch records each signal; the first wakes the loop (s.wake.stop), and
// from the second on, cutConnection wakes a call blocked on the connection
// in hand. Both wake-ups leave a state behind, not an event: a loop that
// was not yet blocked when the signal came does not block.
func (s *stopper) catch(sigs <-chan os.Signal) {
	for sig := range sigs {
		s.mu.Lock()
		s.signals = append(s.signals, sig)
		if len(s.signals) == 1 {
			s.wake.stop()
		}
		switch {
		case s.connfd < 0:
		case len(s.signals) == 1:
			name := unix.SignalName(sig.(unix.Signal))
			fmt.Fprintf(s.notices, "grownup-server: %s: accepting no more; serving the connection in hand to the end (a second SIGINT or SIGTERM cuts it)\n", name)
		default:
			cutConnection(s.connfd)
			s.cut = true
		}
		s.mu.Unlock()
	}
}

// watch readies the listening socket for the loop's way of waiting, when
// the server serves more than one connection (s.wake.listening).
func (s *stopper) watch(listenfd int) {
	if !s.watching {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wake.listening(listenfd)
}

// next reports whether the loop should accept another connection: not once
// -n are served, nor once a stop was asked for. Where a stop cannot wake
// accept(2), it first waits for a client in the listen queue or a stop
// (s.wake.wait). Now and then it lets the Go scheduler run (yield.go).
func (s *stopper) next(listenfd int) bool {
	if (s.want != 0 && s.served >= s.want) || s.stopping() {
		return false
	}
	if !s.watching {
		return true
	}
	s.yield.connection()
	return s.wake.wait(listenfd)
}

// accept is the loop's accept(2). The tutorial's one connection (-n 1)
// takes unix.Accept, as the tutorial's port does; a server that serves
// more makes the call as the C does where x/sys/unix adds calls to it
// (acceptAsC: on Linux, accept4(listenfd, NULL, NULL, 0), without the
// getsockopt(2) that unix.Accept makes for each connection).
func (s *stopper) accept(listenfd int) (int, unix.Sockaddr, error) {
	if !s.watching {
		return unix.Accept(listenfd)
	}
	return acceptAsC(listenfd)
}

// stopping reports whether a signal asked the server to stop.
func (s *stopper) stopping() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.signals) > 0
}

// accepted records the connection in hand, which is served to the end
// unless a second signal comes (or came since accept(2) returned).
func (s *stopper) accepted(connfd int) {
	if s.watching {
		s.wake.accepted(connfd)
	}
	s.delay = 0
	s.mu.Lock()
	defer s.mu.Unlock()
	s.served++
	s.connfd, s.cut = connfd, false
	if len(s.signals) >= 2 {
		cutConnection(connfd)
		s.cut = true
	}
}

// wasCut reports whether a second signal cut the connection in hand.
func (s *stopper) wasCut() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cut
}

// acceptFailed reports whether, with any -n but 1, a failed accept(2) is
// worth another try; the tutorial's -n 1 exits, as the C. A failure that
// the way of waiting makes (s.wake.again: the stop's EINVAL on Linux, a
// client gone between poll(2) and accept(2) elsewhere) is tried again at
// once, and next decides. A shortage of descriptors or memory (EMFILE,
// ENFILE, ENOBUFS, ENOMEM: accept(2)) passes, and the connection waits in
// the listen queue meanwhile: report it on standard error and try again
// after a pause that doubles from 5 ms to 1 s, as Go's net/http
// Server.Serve does. A stop ends the pause (s.wake.pause).
func (s *stopper) acceptFailed(err error) bool {
	switch {
	case !s.watching:
		return false
	case s.wake.again(err, s.stopping()):
		return true
	case !errors.Is(err, unix.EMFILE) && !errors.Is(err, unix.ENFILE) && !errors.Is(err, unix.ENOBUFS) && !errors.Is(err, unix.ENOMEM):
		return false
	}
	s.delay = min(max(2*s.delay, 5*time.Millisecond), time.Second)
	fmt.Fprintf(s.notices, "grownup-server: %s; trying again in %v (the connection waits in the listen queue)\n",
		strings.TrimPrefix(sockutil.Message("Could not accept", err), "Error : "), s.delay)
	s.wake.pause(int(s.delay.Milliseconds()))
	return true
}

// closing is called before close(2): the descriptor is no longer the
// signal's to shut down, and may be reused once closed.
func (s *stopper) closing() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.connfd = -1
}

// resetOnClose makes close(2) end a connection that a second signal cut
// with a reset instead of a FIN: SO_LINGER on, with a time of 0 (the option
// is socket(7)'s; the abort at a time of 0 is the kernels' rule:
// tcp_disconnect from __tcp_close in net/ipv4/tcp.c, tcp_drop from
// tcp_disconnect in FreeBSD and XNU; cut_test.go quotes them), so that the
// peer's read fails with ECONNRESET, where an end of file would pass a cut
// stream off as the whole. On Linux cutConnection has reset it already;
// elsewhere the FIN that shutdown(2) queued behind data the peer has not
// taken yet goes unsent with that data. TestCutByShutdownResetsOnClose
// checks that path on every kernel.
func resetOnClose(connfd int) error {
	return unix.SetsockoptLinger(connfd, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1, Linger: 0})
}

// failed reports a connection that failed, or that a second signal cut.
// The server goes on with the next one (unless stopping); its exit status
// will be ExitConnFailed.
func (s *stopper) failed(what string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.signals) >= 2 {
		err = cutError{s.signals[len(s.signals)-1]}
	}
	fmt.Fprintln(s.out, sockutil.Message(what, err))
	s.failures++
}

// A cutError is the failure of a connection that a second signal cut.
type cutError struct{ sig os.Signal }

func (e cutError) Error() string {
	return fmt.Sprintf("cut by a second signal (%s): the server stopped at once", unix.SignalName(e.sig.(unix.Signal)))
}

func (s *stopper) exitStatus() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failures > 0 {
		return grownup.ExitConnFailed
	}
	return sockutil.ExitSuccess
}
