// A right answer to poll, written otherwise than the answer: the set of
// connections kept in a map, the poll set made anew for each wait.
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
	conns := map[int]bool{}
	buf := make([]byte, 100)
	for {
		fds := []unix.PollFd{{Fd: int32(listenfd), Events: unix.POLLIN}}
		for fd := range conns {
			fds = append(fds, unix.PollFd{Fd: int32(fd), Events: unix.POLLIN})
		}
		if _, err := unix.Poll(fds, -1); err == unix.EINTR {
			continue
		} else {
			try("poll", err)
		}
		for _, p := range fds[1:] {
			if p.Revents == 0 {
				continue
			}
			fd := int(p.Fd)
			n, err := unix.Read(fd, buf)
			if err != nil || n == 0 {
				unix.Close(fd)
				delete(conns, fd)
				continue
			}
			unix.Write(fd, buf[:n])
		}
		if fds[0].Revents&unix.POLLIN != 0 {
			connfd, _, err := unix.Accept(listenfd)
			try("accept", err)
			conns[connfd] = true
		}
	}
}

// try ends the program on err, as the C's checks do.
func try(what string, err error) {
	if err != nil {
		sockutil.ErrorAndExit(what, err)
	}
}
