package main

import (
	"errors"

	"golang.org/x/sys/unix"
)

// On Linux a stop wakes accept(2) itself, so the loop blocks in accept(2),
// as the C's does, and makes no call a connection that the C does not.
//
// The wake-up is shutdown(listenfd, SHUT_RD) from the signal's goroutine.
// On a listening socket, inet_shutdown (net/ipv4/af_inet.c) disconnects
// it: "case TCP_LISTEN: if (!(how & RCV_SHUTDOWN)) break; fallthrough;
// case TCP_SYN_SENT: err = sk->sk_prot->disconnect(sk, O_NONBLOCK);", a
// branch its comment calls the remedy "for missing close() in
// multithreaded environment". For TCP, disconnect is tcp_disconnect
// (net/ipv4/tcp.c), which moves the socket to TCP_CLOSE and resets the
// connections still in its listen queue (inet_csk_listen_stop); then
// inet_shutdown wakes every waiter: sk->sk_state_change(sk). An accept(2)
// asleep in inet_csk_wait_for_connect (net/ipv4/inet_connection_sock.c)
// wakes, finds "if (sk->sk_state != TCP_LISTEN) break;" with err =
// -EINVAL, and fails with EINVAL; an accept(2) that comes later fails the
// same way at once, in inet_csk_accept ("error = -EINVAL; if
// (sk->sk_state != TCP_LISTEN) goto out_err;"). The state is left behind,
// so a stop that comes before the loop blocks is not lost. IPv6 sockets
// take the same functions (inet6_stream_ops in net/ipv6/af_inet6.c). That
// branch of inet_shutdown predates Linux's git history (2.6.12): every
// kernel this program can run on has it. The port stays bound, and a
// client that connects after the stop is refused (ECONNREFUSED).
//
// The pause after a shortage (acceptFailed) is a poll(2) on the listening
// socket with no events asked for: poll(2) reports POLLHUP whether asked
// or not, and tcp_poll reports it for a socket in TCP_CLOSE ("if
// (sk->sk_shutdown == SHUTDOWN_MASK || state == TCP_CLOSE) mask |=
// EPOLLHUP;"), so the same shutdown ends the pause; a client that
// connects meanwhile (POLLIN, not asked for) does not.

// A waker wakes the loop at a stop: on Linux, the listening socket,
// shut down for reading.
type waker struct {
	listenfd int // -1 until the server listens; set and read under the stopper's mu
}

func newWaker(watching bool) waker { return waker{listenfd: -1} }

// listening records the listening socket, which stays blocking.
func (w *waker) listening(listenfd int) { w.listenfd = listenfd }

// stop wakes the loop: shutdown(2) of the listening socket for reading.
// A stop before the server listens needs no wake-up: the loop has not
// started, and next will find the stop. An error cannot be reported where
// it helps: the loop would then wake at the next client, and stop.
func (w *waker) stop() {
	if w.listenfd >= 0 {
		unix.Shutdown(w.listenfd, unix.SHUT_RD)
	}
}

// wait has nothing to wait for: accept(2) waits, and a stop wakes it.
func (w *waker) wait(listenfd int) bool { return true }

// again reports whether a failed accept(2) is the stop's doing: EINVAL,
// the listening socket shut down. next then ends the loop.
func (w *waker) again(err error, stopping bool) bool { return stopping && errors.Is(err, unix.EINVAL) }

// pause waits up to ms milliseconds, or until a stop: poll(2) on the
// listening socket for POLLHUP alone, which its shutdown raises.
func (w *waker) pause(ms int) {
	unix.Poll([]unix.PollFd{{Fd: int32(w.listenfd), Events: 0}}, ms)
}

// accepted has nothing to do: per accept(2), "On Linux, the new socket
// returned by accept() does not inherit file status flags such as
// O_NONBLOCK and O_ASYNC from the listening socket", which is blocking
// here in any case.
func (w *waker) accepted(connfd int) {}
