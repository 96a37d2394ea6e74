// Command udp is the Go answer to the exercise udp
// (scripts/exercises/udp), as c/udp.c: one datagram in (recvfrom), one
// datagram back to its sender (sendto). No listen, no accept, no end of
// file.
package main

import (
	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	sockfd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM, 0)
	if err != nil {
		sockutil.ErrorAndExit("Could not create socket", err)
	}
	servAddr := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 5000}
	if err := unix.Bind(sockfd, servAddr); err != nil {
		sockutil.ErrorAndExit("Could not bind on Given IP", err)
	}

	// One datagram, and the address it came from.
	buf := make([]byte, 1024)
	_, from, err := unix.Recvfrom(sockfd, buf, 0)
	if err != nil {
		sockutil.ErrorAndExit("Could not receive", err)
	}
	if err := unix.Sendto(sockfd, []byte("Server Message"), 0, from); err != nil {
		sockutil.ErrorAndExit("Could not send", err)
	}
	unix.Close(sockfd)
}
