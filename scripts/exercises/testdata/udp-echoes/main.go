// A wrong answer to udp: it sends the datagram back to its sender, not
// the tutorial's message.
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
	try("sendto", unix.Sendto(sockfd, buf[:n], 0, from))
	unix.Close(sockfd)
}

// try ends the program on err, as the C's checks do.
func try(what string, err error) {
	if err != nil {
		sockutil.ErrorAndExit(what, err)
	}
}
