// A wrong answer to ephemeral: it prints its port before listen(2), when a
// client that read the line at once would be refused.
package main

import (
	"fmt"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	listenfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	try("socket", err)
	try("bind", unix.Bind(listenfd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}))
	sa, err := unix.Getsockname(listenfd)
	try("getsockname", err)
	fmt.Printf("port %d\n", sa.(*unix.SockaddrInet4).Port)
	try("listen", unix.Listen(listenfd, 10))
	connfd, _, err := unix.Accept(listenfd)
	try("accept", err)
	unix.Write(connfd, []byte("Server Message"))
	unix.Close(connfd)
}

// try ends the program on err, as the C's checks do.
func try(what string, err error) {
	if err != nil {
		sockutil.ErrorAndExit(what, err)
	}
}
