// A wrong answer to half-close that prints 1,000 lines before its
// request: its report stays short (the calls and the output cut, counted).
package main

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	for i := range 1000 {
		fmt.Printf("line %d\n", i)
	}
	sockfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	try("socket", err)
	try("connect", unix.Connect(sockfd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 5000}))
	_, err = unix.Write(sockfd, []byte("Client Message"))
	try("write", err)
	try("shutdown", unix.Shutdown(sockfd, unix.SHUT_WR))
	buf := make([]byte, 1024)
	for {
		n, err := unix.Read(sockfd, buf)
		try("read", err)
		if n == 0 {
			break
		}
		os.Stdout.Write(buf[:n])
	}
}

// try ends the program on err, as the C's checks do.
func try(what string, err error) {
	if err != nil {
		sockutil.ErrorAndExit(what, err)
	}
}
