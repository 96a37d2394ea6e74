// A wrong answer to udp: it answers the sender's port plus one.
package main

import (
	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	sockfd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM, 0)
	try("socket", err)
	try("bind", unix.Bind(sockfd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 5000}))
	buf := make([]byte, 1024)
	n, from, err := unix.Recvfrom(sockfd, buf, 0)
	try("recvfrom", err)
	_ = n
	to := *from.(*unix.SockaddrInet4)
	to.Port++
	try("sendto", unix.Sendto(sockfd, []byte("Server Message"), 0, &to))
	unix.Close(sockfd)
}

// try ends the program on err, as the C's checks do.
func try(what string, err error) {
	if err != nil {
		sockutil.ErrorAndExit(what, err)
	}
}
