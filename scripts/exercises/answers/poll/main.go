// Command poll is the Go answer to the exercise poll
// (scripts/exercises/poll), as c/poll.c: the echo server for any number of
// clients at once, in one goroutine, with poll(2) (unix.Poll, which is
// ppoll(2) on Linux), until SIGINT or SIGTERM ends it.
package main

import (
	"fmt"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/grownup"
	"tcpsocket/sockutil"
)

const maxFDs = 64 // the listening socket and 63 clients

func main() {
	listenfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		sockutil.ErrorAndExit("Could not create socket", err)
	}
	servAddr := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 5000}
	if err := unix.Bind(listenfd, servAddr); err != nil {
		sockutil.ErrorAndExit("Could not bind on Given IP", err)
	}
	if err := unix.Listen(listenfd, 10); err != nil {
		sockutil.ErrorAndExit("Could not listen", err)
	}

	fds := []unix.PollFd{{Fd: int32(listenfd), Events: unix.POLLIN}}
	buf := make([]byte, 1024)
	for {
		// -1: wait as long as it takes for one of them to be ready.
		_, err := unix.Poll(fds, -1)
		if err == unix.EINTR {
			// A signal: the runtime's SIGURG, which preempts goroutines.
			// poll(2) is never restarted after a handler (signal(7)).
			continue
		}
		if err != nil {
			sockutil.ErrorAndExit("Could not poll", err)
		}

		if fds[0].Revents&unix.POLLIN != 0 {
			connfd, _, err := unix.Accept(listenfd)
			if err != nil {
				sockutil.ErrorAndExit("Could not accept", err)
			}
			if len(fds) == maxFDs { // never silently: say who was turned away
				fmt.Println("Error : too many clients: closing one")
				unix.Close(connfd)
			} else {
				fds = append(fds, unix.PollFd{Fd: int32(connfd), Events: unix.POLLIN})
			}
		}

		for i := 1; i < len(fds); i++ {
			if fds[i].Revents&(unix.POLLIN|unix.POLLHUP|unix.POLLERR) == 0 {
				continue
			}
			if !echoOnce(int(fds[i].Fd), buf) {
				continue
			}
			unix.Close(int(fds[i].Fd)) // this client is done
			last := len(fds) - 1
			fds[i], fds = fds[last], fds[:last] // the last takes its place,
			i--                                 // and is looked at next
		}
	}
}

// echoOnce reads what has arrived on connfd, which poll said will not
// wait, and writes it back. It reports whether the client is done: end of
// file, or an error, which it prints.
func echoOnce(connfd int, buf []byte) (done bool) {
	n, err := unix.Read(connfd, buf)
	if err == nil && n > 0 {
		if err = grownup.Writen(unix.Write, connfd, buf[:n]); err == nil {
			return false
		}
	}
	if err != nil {
		fmt.Println(sockutil.Message("Could not echo", err))
	}
	return true
}
