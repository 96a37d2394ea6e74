// Command half-close is your answer to the exercise half-close: the task is in
// README.md beside this file; make exercise EX=half-close checks it.
//
// It starts as a client that sends its request and waits for the answer,
// which never comes.
package main

import (
	"os"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/grownup"
	"tcpsocket/sockutil"
)

func main() {
	sockfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		sockutil.ErrorAndExit("Could not create socket", err)
	}
	servAddr := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 5000}
	if err := unix.Connect(sockfd, servAddr); err != nil {
		sockutil.ErrorAndExit("Connect Failed", err)
	}
	if err := grownup.Writen(unix.Write, sockfd, []byte("Client Message")); err != nil {
		sockutil.ErrorAndExit("Could not write", err)
	}

	// TODO: tell the server that the request is complete, without closing
	// the socket: the answer has yet to come.

	recvBuff := make([]byte, 1024)
	for {
		n, err := unix.Read(sockfd, recvBuff)
		if err != nil {
			sockutil.ErrorAndExit("Read error", err)
		}
		if n == 0 {
			break
		}
		os.Stdout.Write(recvBuff[:n])
	}
}
