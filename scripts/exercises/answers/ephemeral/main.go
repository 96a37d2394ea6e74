// Command ephemeral is the Go answer to the exercise ephemeral
// (scripts/exercises/ephemeral), as c/ephemeral.c: bind to port 0, ask
// the kernel which port it chose (getsockname), print it, serve one client.
package main

import (
	"fmt"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	listenfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		sockutil.ErrorAndExit("Could not create socket", err)
	}
	// Port 0: the kernel chooses a free one (ip(7), ip_local_port_range).
	servAddr := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 0}
	if err := unix.Bind(listenfd, servAddr); err != nil {
		sockutil.ErrorAndExit("Could not bind on Given IP", err)
	}
	if err := unix.Listen(listenfd, 10); err != nil {
		sockutil.ErrorAndExit("Could not listen", err)
	}

	// getsockname(2) fills in the address the socket is bound to.
	name, err := unix.Getsockname(listenfd)
	if err != nil {
		sockutil.ErrorAndExit("Could not get socket name", err)
	}
	// Go's standard output is not buffered: the line goes out now, in one
	// write, as the C's printf and fflush.
	fmt.Printf("port %d\n", name.(*unix.SockaddrInet4).Port)

	connfd, _, err := unix.Accept(listenfd)
	if err != nil {
		sockutil.ErrorAndExit("Could not accept", err)
	}
	unix.Write(connfd, []byte("Server Message"))
	unix.Close(connfd)
}
