// A right answer to half-close, written otherwise than the answer: it
// gathers the answer and prints it once, at the end of file.
package main

import (
	"os"

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
	var answer []byte
	buf := make([]byte, 8)
	for {
		n, err := unix.Read(sockfd, buf)
		try("read", err)
		if n == 0 {
			break
		}
		answer = append(answer, buf[:n]...)
	}
	os.Stdout.Write(answer)
	unix.Close(sockfd)
}

// try ends the program on err, as the C's checks do.
func try(what string, err error) {
	if err != nil {
		sockutil.ErrorAndExit(what, err)
	}
}
