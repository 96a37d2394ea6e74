// Command sigpipe is c/sigpipe.c in Go, call for call, on
// golang.org/x/sys/unix: it reads to end of file, writes "thanks" to the
// connection the server has closed, waits for the reset that comes back,
// and writes again. The C is killed by SIGPIPE there. This program gets
// EPIPE from the write instead, and says so: Go's runtime catches SIGPIPE,
// and for a descriptor other than 1 and 2 does nothing with it (os/signal,
// "SIGPIPE"), so the write's error reaches the program.
//
// Usage:
//
//	sigpipe PORT
//
// Exit status: 1 a system call failed (the message names the errno); 64
// bad usage.
package main

import (
	"fmt"
	"os"
	"strconv"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/grownup"
	"tcpsocket/sockutil"
)

func main() {
	if len(os.Args) != 2 {
		usage()
	}
	port, err := strconv.Atoi(os.Args[1])
	if err != nil {
		usage()
	}
	recvBuff := make([]byte, 1024)

	sockfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		sockutil.ErrorAndExit("Could not create socket", err)
	}

	servAddr := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: port}
	if err := grownup.RetryConnect(unix.Connect, sockfd, servAddr); err != nil {
		sockutil.ErrorAndExit("Connect Failed", err)
	}

	var n int
	for {
		n, err = grownup.RetryIO(unix.Read, sockfd, recvBuff[:len(recvBuff)-1])
		if n <= 0 {
			break
		}
	}
	if err != nil {
		sockutil.ErrorAndExit("Read error", err)
	}

	// The server has closed: this write goes, and a reset comes back.
	if _, err := grownup.RetryIO(unix.Write, sockfd, []byte("thanks")); err != nil {
		sockutil.ErrorAndExit("Could not write", err)
	}

	// Wait for the reset: events 0 waits for POLLHUP or POLLERR only.
	// poll(2) is never restarted after a signal, and Go's runtime sends
	// some (SIGURG): IgnoringEINTR calls it again.
	pfd := []unix.PollFd{{Fd: int32(sockfd), Events: 0}}
	if err := grownup.IgnoringEINTR(func() error { _, err := unix.Poll(pfd, -1); return err }); err != nil {
		sockutil.ErrorAndExit("poll", err)
	}

	// The C dies here, of SIGPIPE. Go's runtime ignores that signal for
	// this descriptor, and the write returns EPIPE.
	if _, err := grownup.RetryIO(unix.Write, sockfd, []byte("thanks")); err != nil {
		sockutil.ErrorAndExit("Could not write", err)
	}
	os.Exit(0)
}

// usage says how to run the program, and exits 64 (EX_USAGE), as the
// tutorial's Go programs do.
func usage() {
	fmt.Fprintln(os.Stderr, "usage: sigpipe PORT")
	os.Exit(64)
}
