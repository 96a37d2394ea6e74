// Command poll is your answer to the exercise poll: the task is in
// README.md beside this file; make exercise EX=poll checks it.
//
// It starts as the echo server in a loop: it serves one client at a time, so
// a client that connects and sends nothing holds up every other.
package main

import (
	"golang.org/x/sys/unix"

	"tcpsocket/scripts/grownup"
	"tcpsocket/sockutil"
)

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

	// TODO: serve every client at once, in this one goroutine, with poll(2).
	buf := make([]byte, 1024)
	for {
		connfd, _, err := unix.Accept(listenfd)
		if err != nil {
			sockutil.ErrorAndExit("Could not accept", err)
		}
		for {
			n, err := unix.Read(connfd, buf)
			if err != nil {
				sockutil.ErrorAndExit("Read error", err)
			}
			if n == 0 {
				break
			}
			if err := grownup.Writen(unix.Write, connfd, buf[:n]); err != nil {
				sockutil.ErrorAndExit("Could not write", err)
			}
		}
		unix.Close(connfd)
	}
}
