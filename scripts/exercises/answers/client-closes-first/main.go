// Command client-closes-first is the Go answer to the exercise
// client-closes-first (scripts/exercises/client-closes-first), as
// c/client-closes-first.c: after its write, the server reads until end of
// file, the client's close, and only then closes: TIME_WAIT is the
// client's.
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
	unix.Write(connfd, []byte("Server Message"))

	// Wait for the client's close: its FIN is the end of file.
	buf := make([]byte, 1024)
	for {
		n, err := unix.Read(connfd, buf)
		if err != nil {
			sockutil.ErrorAndExit("Read error", err)
		}
		if n == 0 {
			break
		}
	}
	unix.Close(connfd)
}
