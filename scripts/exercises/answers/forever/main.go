// Command forever is the Go answer to the exercise forever
// (scripts/exercises/forever): the tutorial's server with a loop around
// accept, write and close, as c/forever.c. SIGINT and SIGTERM stop it:
// their default action ends the process (signal(7)), in Go as in C, while
// no signal.Notify asks for them.
package main

import (
	"golang.org/x/sys/unix"

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

	for { // the one change: serve the next client, and the next
		connfd, _, err := unix.Accept(listenfd)
		if err != nil {
			sockutil.ErrorAndExit("Could not accept", err)
		}
		unix.Write(connfd, []byte("Server Message"))
		unix.Close(connfd)
	}
}
