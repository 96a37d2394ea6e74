package main

import (
	"time"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/grownup"
)

// Not in the tutorial: a lingering close, for -size only.
//
// Closing a socket that still holds data the peer sent and the server
// never read makes the kernel send a reset instead of a FIN (RFC 1122
// 4.2.2.13; tcp(7)), and drop what it had not sent yet. On Linux the
// peer's program still reads what had arrived before the reset, then
// fails with ECONNRESET (the grown-up chapter's run: 113,152 bytes of
// 1 MiB). A peer that talks first (nc sends what it reads on its standard
// input) would lose the end of a large payload. So after the last write the server sends its FIN with
// shutdown(SHUT_WR) (shutdown(2)), reads and discards until the peer's
// end of file, and only then closes. The wait is bounded: by -timeout, or
// by lingerTimeout; whatever it read is gone from the socket, so even a
// close after that wait sends no reset for it. The tutorial's 14 bytes and
// its one close(2) stay as they are.

// lingerTimeout bounds the wait for the peer's end of file when -timeout
// is not set.
const lingerTimeout = 5 * time.Second

func lingeringClose(connfd int, timeout time.Duration) error {
	if timeout == 0 {
		timeout = lingerTimeout
	}
	if err := unix.Shutdown(connfd, unix.SHUT_WR); err != nil {
		return err
	}
	deadline := time.Now().Add(timeout)
	discard := make([]byte, 4096)
	fds := []unix.PollFd{{Fd: int32(connfd), Events: unix.POLLIN}}
	for {
		if time.Until(deadline) <= 0 {
			return nil
		}
		var ready int
		err := grownup.IgnoringEINTR(func() (err error) {
			ready, err = unix.Poll(fds, int(time.Until(deadline).Milliseconds())+1)
			return err
		})
		if err != nil || ready == 0 {
			return err
		}
		n, err := grownup.RetryIO(unix.Read, connfd, discard)
		if n <= 0 {
			return err // 0: the peer's end of file; -1: the error
		}
	}
}
