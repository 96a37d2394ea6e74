// A right answer to goroutines, written otherwise than the answer: a
// closure per connection, with a buffer of its own.
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
		go func() {
			buf := make([]byte, 512)
			for {
				n, err := unix.Read(connfd, buf)
				if err != nil || n == 0 {
					break
				}
				unix.Write(connfd, buf[:n])
			}
			unix.Close(connfd)
		}()
	}
}

// try ends the program on err, as the C's checks do.
func try(what string, err error) {
	if err != nil {
		sockutil.ErrorAndExit(what, err)
	}
}
