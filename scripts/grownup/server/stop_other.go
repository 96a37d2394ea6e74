//go:build !linux

package main

import (
	"errors"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/grownup"
	"tcpsocket/sockutil"
)

// On macOS and the BSDs a stop cannot wake accept(2), so the loop waits in
// poll(2) for a client or a stop, and accept(2) never waits. XNU's
// soshutdown (bsd/kern/uipc_socket.c) fails with ENOTCONN on a socket that
// is not connected, a listening one included, and wakes nothing. FreeBSD's
// (sys/kern/uipc_socket.c, in recent versions) sets
// so_error = ECONNABORTED on a listening socket and wakes accept(2) once:
// the socket goes on listening, and the error is one that accept(2) also
// gives for a client that gave up, which grownup.RetryAccept tries again
// (UNP 5.11). Hence the self-pipe: a pipe that poll(2) watches beside the
// listening socket, to which the signal's goroutine writes a byte that
// nothing reads, so that every later poll(2) returns at once too.

// A waker wakes the loop at a stop: here, the self-pipe, which the
// signal's goroutine writes wake[1] of.
type waker struct {
	wake [2]int
}

// newWaker makes the self-pipe when the stopper watches, before the
// socket and with the handler, so that no stop is missed.
func newWaker(watching bool) waker {
	w := waker{wake: [2]int{-1, -1}}
	if !watching {
		return w
	}
	if err := unix.Pipe(w.wake[:]); err != nil {
		sockutil.ErrorAndExit("Could not create the stop pipe", err)
	}
	// A storm of signals must never block the goroutine on a full pipe.
	if err := unix.SetNonblock(w.wake[1], true); err != nil {
		sockutil.ErrorAndExit("Could not create the stop pipe", err)
	}
	return w
}

// listening makes the listening socket non-blocking (fcntl(2),
// O_NONBLOCK): accept(2) then fails with EAGAIN instead of waiting, and
// poll(2), which a stop wakes, does the waiting.
func (w *waker) listening(listenfd int) {
	if err := unix.SetNonblock(listenfd, true); err != nil {
		sockutil.ErrorAndExit("Could not make the listening socket non-blocking", err)
	}
}

// stop wakes the loop: a byte on the self-pipe. EAGAIN when full: it is
// awake already.
func (w *waker) stop() { unix.Write(w.wake[1], []byte{1}) }

// wait waits in poll(2) for a client in the listen queue or a stop, and
// reports which: true for a client.
func (w *waker) wait(listenfd int) bool {
	fds := []unix.PollFd{
		{Fd: int32(listenfd), Events: unix.POLLIN},
		{Fd: int32(w.wake[0]), Events: unix.POLLIN},
	}
	if err := grownup.IgnoringEINTR(func() error { _, err := unix.Poll(fds, -1); return err }); err != nil {
		sockutil.ErrorAndExit("Could not poll", err)
	}
	return fds[1].Revents == 0 && fds[0].Revents != 0
}

// again reports whether a failed accept(2) is the waiting's doing: EAGAIN,
// the client that poll(2) saw left before accept(2) took it (UNP 16.6).
func (w *waker) again(err error, stopping bool) bool { return errors.Is(err, unix.EAGAIN) }

// pause waits up to ms milliseconds, or until a stop: poll(2) on the
// self-pipe alone.
func (w *waker) pause(ms int) {
	unix.Poll([]unix.PollFd{{Fd: int32(w.wake[0]), Events: unix.POLLIN}}, ms)
}

// accepted makes the connection blocking again (clearInheritedNonblock).
func (w *waker) accepted(connfd int) { clearInheritedNonblock(connfd) }
