// Command echo is the Go answer to the exercise echo
// (scripts/exercises/echo), as c/echo.c: serve one connection, reading
// until end of file (unix.Read returns 0) and writing every byte back.
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
	connfd, _, err := unix.Accept(listenfd)
	if err != nil {
		sockutil.ErrorAndExit("Could not accept", err)
	}

	// Each read returns what has arrived, up to len(buf): as many reads
	// as it takes, until 0, the end of file.
	buf := make([]byte, 1024)
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
