// A right answer to echo, with recvfrom(2) and sendto(2) instead of read
// and write: its end of file is recvfrom's 0.
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
	buf := make([]byte, 512)
	for {
		n, _, err := unix.Recvfrom(connfd, buf, 0)
		try("recvfrom", err)
		if n == 0 {
			break
		}
		try("sendto", unix.Sendto(connfd, buf[:n], 0, nil))
	}
	unix.Close(connfd)
}

// try ends the program on err, as the C's checks do.
func try(what string, err error) {
	if err != nil {
		sockutil.ErrorAndExit(what, err)
	}
}
