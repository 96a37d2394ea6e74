// Command half-close is the Go answer to the exercise half-close
// (scripts/exercises/half-close), as c/half-close.c: the client sends its
// request, shuts down its sending side (shutdown(2), SHUT_WR), and reads
// the answer until end of file.
package main

import (
	"bufio"
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

	// Done sending: the kernel sends FIN, the server's read returns 0;
	// this side can still read.
	if err := unix.Shutdown(sockfd, unix.SHUT_WR); err != nil {
		sockutil.ErrorAndExit("Could not shut down", err)
	}

	// Standard output buffered, as the C's stdio buffers it where it is
	// not a terminal: the answer goes out in one write, at the end.
	stdout := bufio.NewWriter(os.Stdout)
	defer stdout.Flush()
	recvBuff := make([]byte, 1024)
	for {
		n, err := unix.Read(sockfd, recvBuff)
		if err != nil {
			stdout.Flush() // what arrived first, as the C's exit(3) flushes it
			sockutil.ErrorAndExit("Read error", err)
		}
		if n == 0 {
			break
		}
		stdout.Write(recvBuff[:n])
	}
}
