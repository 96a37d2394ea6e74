// A wrong answer to poll: it polls, but reads a ready connection to end of
// file, and those reads wait.
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
	fds := []unix.PollFd{{Fd: int32(listenfd), Events: unix.POLLIN}}
	buf := make([]byte, 1024)
	for {
		if _, err := unix.Poll(fds, -1); err == unix.EINTR {
			continue
		} else {
			try("poll", err)
		}
		if fds[0].Revents&unix.POLLIN != 0 {
			connfd, _, err := unix.Accept(listenfd)
			try("accept", err)
			fds = append(fds, unix.PollFd{Fd: int32(connfd), Events: unix.POLLIN})
		}
		for i := 1; i < len(fds); i++ {
			if fds[i].Revents&(unix.POLLIN|unix.POLLHUP) == 0 {
				continue
			}
			fd := int(fds[i].Fd)
			for {
				n, err := unix.Read(fd, buf)
				if err != nil || n == 0 {
					break
				}
				unix.Write(fd, buf[:n])
			}
			unix.Close(fd)
			fds = append(fds[:i], fds[i+1:]...)
			i--
		}
	}
}

// try ends the program on err, as the C's checks do.
func try(what string, err error) {
	if err != nil {
		sockutil.ErrorAndExit(what, err)
	}
}
