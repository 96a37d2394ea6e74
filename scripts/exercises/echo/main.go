// Command echo is your answer to the exercise echo: the task is in
// README.md beside this file; make exercise EX=echo checks it.
//
// It starts as the tutorial's server, which sends its own message and reads
// nothing.
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
	connfd, _, err := unix.Accept(listenfd)
	if err != nil {
		sockutil.ErrorAndExit("Could not accept", err)
	}

	// TODO: read what the client sends until end of file, and write every
	// byte of it back, instead of this message.
	unix.Write(connfd, []byte("Server Message"))
	unix.Close(connfd)
}
