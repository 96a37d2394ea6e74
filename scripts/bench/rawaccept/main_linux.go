// Command rawaccept is an experiment of make bench, not a contender: the
// port's server loop (-port, -n; accept, write "Server Message", close) with
// accept4(fd, NULL, NULL, 0) made through unix.RawSyscall6. A raw system
// call skips the Go runtime's entersyscall/exitsyscall, so the scheduler
// never sees the thread blocked in accept and never wakes another; and the
// NULL address skips the getsockopt that unix.Accept adds. Its connection
// rate, beside the port's, is what those two cost. It is not the port's way:
// a goroutine blocked in a raw system call holds its P, and stops the world
// from stopping (a garbage collection waits until accept returns).
//
// With -via syscall it makes the same accept4 through unix.Syscall6, which
// does go through entersyscall/exitsyscall: beside the raw row, that
// separates what the runtime's blocking-call path costs from what the
// address and its getsockopt cost.
package main

import (
	"flag"
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/grownup"
)

func main() {
	port := flag.Int("port", 0, "TCP port")
	n := flag.Int("n", 1, "connections to serve")
	via := flag.String("via", "raw", "how accept4 is made: raw (unix.RawSyscall6) or syscall (unix.Syscall6)")
	flag.Parse()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err == nil {
		err = unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: *port})
	}
	if err == nil {
		err = unix.Listen(fd, 10)
	}
	var sa unix.Sockaddr
	if err == nil {
		sa, err = unix.Getsockname(fd)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "rawaccept:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "%s127.0.0.1:%d\n", grownup.ListeningLine, sa.(*unix.SockaddrInet4).Port)
	msg := []byte("Server Message")
	for range *n {
		accept := unix.RawSyscall6
		if *via == "syscall" {
			accept = unix.Syscall6
		}
		r, _, errno := accept(unix.SYS_ACCEPT4, uintptr(fd), 0, 0, 0, 0, 0)
		if errno != 0 {
			fmt.Fprintln(os.Stderr, "rawaccept: accept4:", errno)
			os.Exit(1)
		}
		unix.Write(int(r), msg)
		unix.Close(int(r))
	}
}
