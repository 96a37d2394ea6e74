// A wrong answer to half-close: it reads once, not until end of file, and
// only a second after its request, by when a peer that answered on a timer
// would have sent its whole answer, and the one read would have it all.
package main

import (
	"os"
	"time"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	sockfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	try("socket", err)
	try("connect", unix.Connect(sockfd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 5000}))
	_, err = unix.Write(sockfd, []byte("Client Message"))
	try("write", err)
	try("shutdown", unix.Shutdown(sockfd, unix.SHUT_WR))
	time.Sleep(time.Second)
	buf := make([]byte, 1024)
	n, err := unix.Read(sockfd, buf)
	try("read", err)
	os.Stdout.Write(buf[:n])
}

// try ends the program on err, as the C's checks do.
func try(what string, err error) {
	if err != nil {
		sockutil.ErrorAndExit(what, err)
	}
}
