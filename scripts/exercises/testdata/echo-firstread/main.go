// A wrong answer to echo: it writes back what its first read returned,
// then reads to end of file and throws the rest away.
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
	buf := make([]byte, 1024)
	n, err := unix.Read(connfd, buf)
	try("read", err)
	unix.Write(connfd, buf[:n])
	for n > 0 {
		n, err = unix.Read(connfd, buf)
		try("read", err)
	}
	unix.Close(connfd)
}

// try ends the program on err, as the C's checks do.
func try(what string, err error) {
	if err != nil {
		sockutil.ErrorAndExit(what, err)
	}
}
