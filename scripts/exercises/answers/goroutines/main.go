// Command goroutines is the Go answer to the exercise goroutines
// (scripts/exercises/goroutines): the echo server for any number of
// clients at once, a goroutine per connection, until SIGINT or SIGTERM
// ends it. The C forks a process per connection (c/fork.c); a goroutine
// shares the process, its descriptors among them, so there is no copy of
// listenfd to close and no child to reap. A goroutine blocked in read(2)
// holds its thread: the runtime runs the others on other threads, which
// strace -f shows as other tasks.
package main

import (
	"fmt"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/grownup"
	"tcpsocket/sockutil"
)

func main() {
	listenfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		sockutil.ErrorAndExit("Could not create socket", err)
	}
	servAddr := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 5000}
	if err := unix.Bind(listenfd, servAddr); err != nil {
		sockutil.ErrorAndExit("Could not bind on Given IP", err)
	}
	if err := unix.Listen(listenfd, 10); err != nil {
		sockutil.ErrorAndExit("Could not listen", err)
	}

	for {
		connfd, _, err := unix.Accept(listenfd)
		if err != nil {
			sockutil.ErrorAndExit("Could not accept", err)
		}
		go echo(connfd) // where the C forks
	}
}

// echo is the echo exercise's loop: every byte back, until end of file.
// An error ends this connection, not the server: it is printed, as the
// C's child prints it and exits.
func echo(connfd int) {
	defer unix.Close(connfd)
	buf := make([]byte, 1024)
	for {
		n, err := unix.Read(connfd, buf)
		if err == nil && n == 0 {
			return
		}
		if err == nil {
			err = grownup.Writen(unix.Write, connfd, buf[:n])
		}
		if err != nil {
			fmt.Println(sockutil.Message("Could not echo", err))
			return
		}
	}
}
