// Command udp is your answer to the exercise udp: the task is in
// README.md beside this file; make exercise EX=udp checks it.
//
// It starts as the tutorial's TCP server.
package main

import (
	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

// TODO: the same exchange over UDP: one datagram in, one back to its sender.
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
	unix.Write(connfd, []byte("Server Message"))
	unix.Close(connfd)
}
