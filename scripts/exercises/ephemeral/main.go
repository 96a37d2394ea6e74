// Command ephemeral is your answer to the exercise ephemeral: the task is in
// README.md beside this file; make exercise EX=ephemeral checks it.
//
// It starts as the tutorial's server, on the tutorial's port 5000.
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
	// TODO: let the kernel choose the port.
	servAddr := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 5000}
	if err := unix.Bind(listenfd, servAddr); err != nil {
		sockutil.ErrorAndExit("Could not bind on Given IP", err)
	}
	if err := unix.Listen(listenfd, 10); err != nil {
		sockutil.ErrorAndExit("Could not listen", err)
	}

	// TODO: ask the kernel which port it chose, and print "port N".

	connfd, _, err := unix.Accept(listenfd)
	if err != nil {
		sockutil.ErrorAndExit("Could not accept", err)
	}
	unix.Write(connfd, []byte("Server Message"))
	unix.Close(connfd)
}
