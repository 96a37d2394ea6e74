// A wrong answer to client-closes-first: SO_LINGER 0, so that close sends
// a reset and no side waits in TIME_WAIT.
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
	connfd, _, err := unix.Accept(listenfd)
	try("accept", err)
	unix.Write(connfd, []byte("Server Message"))
	try("setsockopt", unix.SetsockoptLinger(connfd, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1, Linger: 0}))
	buf := make([]byte, 64)
	for {
		n, err := unix.Read(connfd, buf)
		if err != nil || n == 0 {
			break
		}
	}
	unix.Close(connfd)
}

// try ends the program on err, as the C's checks do.
func try(what string, err error) {
	if err != nil {
		sockutil.ErrorAndExit(what, err)
	}
}
