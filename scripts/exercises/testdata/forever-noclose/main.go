// A wrong answer to forever: it never closes a connection, so each client
// waits for an end of file that never comes.
package main

import (
	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	listenfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	try("socket", err)
	try("bind", unix.Bind(listenfd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 5000}))
	try("listen", unix.Listen(listenfd, 10))
	for {
		connfd, _, err := unix.Accept(listenfd)
		try("accept", err)
		unix.Write(connfd, []byte("Server Message"))
	}
}

// try ends the program on err, as the C's checks do.
func try(what string, err error) {
	if err != nil {
		sockutil.ErrorAndExit(what, err)
	}
}
