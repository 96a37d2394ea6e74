// A right answer to forever, written for the checker's tests: it catches
// SIGTERM, stops accepting (shutdown(2) of the listener wakes accept),
// closes the listener and exits 0.
package main

import (
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	listenfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	try("socket", err)
	try("bind", unix.Bind(listenfd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 5000}))
	try("listen", unix.Listen(listenfd, 10))
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-stop
		unix.Shutdown(listenfd, unix.SHUT_RD) // accept returns EINVAL
	}()
	for {
		connfd, _, err := unix.Accept(listenfd)
		if err != nil {
			break // stopped
		}
		unix.Write(connfd, []byte("Server Message"))
		unix.Close(connfd)
	}
	unix.Close(listenfd)
}

// try ends the program on err, as the C's checks do.
func try(what string, err error) {
	if err != nil {
		sockutil.ErrorAndExit(what, err)
	}
}
