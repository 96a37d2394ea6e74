// A right answer to ephemeral, written otherwise than the answer: the
// line written with os.Stdout.WriteString.
package main

import (
	"os"
	"strconv"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	listenfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	try("socket", err)
	try("bind", unix.Bind(listenfd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}))
	try("listen", unix.Listen(listenfd, 10))
	sa, err := unix.Getsockname(listenfd)
	try("getsockname", err)
	os.Stdout.WriteString("port " + strconv.Itoa(sa.(*unix.SockaddrInet4).Port) + "\n")
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
