// A wrong answer to client-closes-first: it sleeps, and the client
// happens to close first.
package main

import (
	"time"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	listenfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	try("socket", err)
	try("bind", unix.Bind(listenfd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 5000}))
	try("listen", unix.Listen(listenfd, 10))
	connfd, _, err := unix.Accept(listenfd)
	try("accept", err)
	unix.Write(connfd, []byte("Server Message"))
	time.Sleep(1500 * time.Millisecond)
	unix.Close(connfd)
}

// try ends the program on err, as the C's checks do.
func try(what string, err error) {
	if err != nil {
		sockutil.ErrorAndExit(what, err)
	}
}
