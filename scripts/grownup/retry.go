package grownup

import (
	"io"

	"golang.org/x/sys/unix"
)

// Why retry: Go's runtime installs its signal handlers with SA_RESTART,
// and it does send signals: SIGURG to preempt goroutines (Go 1.14 and
// later), and whatever the process receives (SIGCHLD, SIGWINCH). On a
// socket without a timeout, the kernel then restarts a read(2), write(2),
// accept(2) or connect(2) that a signal interrupts. But not on a socket
// with a timeout, which -timeout sets: signal(7) lists accept(2), recv(2)
// and connect(2), send(2) among the calls that are never restarted when
// SO_RCVTIMEO or SO_SNDTIMEO is set, and Linux fails them, and read(2) and
// write(2) on such a socket, with EINTR (sock_intr_errno in
// include/net/sock.h: EINTR, not ERESTARTSYS, for a finite timeout).
// Seen: client -timeout 10s and a SIGWINCH give read(2) = -1 EINTR. The Go
// authors retry EINTR in internal/poll in any case (ignoringEINTR in
// $GOROOT/src/internal/poll/fd_posix.go, citing #22838, #38033, #38836,
// #40846). These functions do the same, in one place. Each takes the
// x/sys/unix call it makes as its first argument, so that the call stays
// visible where the tutorial makes it (and tests can pass a fake one).

// IgnoringEINTR calls f again for as long as it fails with EINTR, like
// internal/poll's ignoringEINTR: the one retry loop, which every other
// retry here, and the server's poll(2) calls, go through.
func IgnoringEINTR(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}

// RetryIO calls rw(fd, p), which is unix.Read or unix.Write, again for as
// long as it fails with EINTR, like internal/poll's ignoringEINTRIO.
func RetryIO(rw func(fd int, p []byte) (int, error), fd int, p []byte) (n int, err error) {
	err = IgnoringEINTR(func() error {
		n, err = rw(fd, p)
		return err
	})
	return n, err
}

// RetryAccept calls accept(fd), which is unix.Accept, again for as long as
// it fails with EINTR or ECONNABORTED: a client that reset its connection
// while it waited in the listen queue is no reason for the server to stop
// (UNP's Accept wrapper, lib/wrapsock.c, and accept(2)).
func RetryAccept(accept func(fd int) (int, unix.Sockaddr, error), fd int) (int, unix.Sockaddr, error) {
	for {
		nfd, sa, err := accept(fd)
		if err != unix.EINTR && err != unix.ECONNABORTED {
			return nfd, sa, err
		}
	}
}

// RetryConnect calls connect(fd, sa), which is unix.Connect, once. If a
// signal interrupts it, calling it again would be wrong: per connect(2) in
// POSIX, "If connect() is interrupted by a signal that is caught while
// blocked waiting to establish a connection, connect() shall fail and set
// errno to [EINTR], but the connection request shall not be aborted, and the
// connection shall be established asynchronously", and a second connect()
// fails with EALREADY while it is in progress, or EISCONN once it is made.
// So, as UNP's connect_nonb and Go's net package do, it waits with poll(2)
// until the socket is writable, which is when the handshake has ended, and
// reads how it ended from SO_ERROR (socket(7)).
func RetryConnect(connect func(fd int, sa unix.Sockaddr) error, fd int, sa unix.Sockaddr) error {
	err := connect(fd, sa)
	if err != unix.EINTR {
		return err
	}
	pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
	if err := IgnoringEINTR(func() error { _, err := unix.Poll(pfd, -1); return err }); err != nil {
		return err
	}
	soErr, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
	if err != nil {
		return err
	}
	if soErr != 0 {
		return unix.Errno(soErr)
	}
	return nil
}

// Writen writes all of p with write, which is unix.Write, like UNP's writen
// (lib/writen.c): write(2) on a socket may write fewer bytes than asked
// when the socket's send buffer fills and a signal arrives, and returns how
// many; the next call goes on from there. A message that fits in the send
// buffer, such as the tutorial's, takes one write. EINTR is retried.
func Writen(write func(fd int, p []byte) (int, error), fd int, p []byte) error {
	for len(p) > 0 {
		n, err := RetryIO(write, fd, p)
		if err != nil {
			return err
		}
		if n == 0 {
			return io.ErrShortWrite // write(2) returns 0 only for a 0-byte request
		}
		p = p[n:]
	}
	return nil
}
