// Command client is the tutorial's TCP client, scripts/tutorial/client.c,
// in Go: socket(), connect(), then read() until end of file, each one call
// to golang.org/x/sys/unix, in the C's order, and nothing else. It copies
// what the server sends to standard output.
//
// Usage:
//
//	client [-ip 127.0.0.1] [-port 5000]
//
// -ip and -port are the C's #define IP and PORT. A failed call prints the
// C's message, with the errno's name and a hint, and exits 1; a bad flag
// exits 64. The grown-up client is in scripts/grownup.
package main

import (
	"bufio"
	"os"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	// The C's #define IP and #define PORT, as the flags -ip and -port.
	flags := sockutil.NewFlagSet("client", "The tutorial's TCP client.")
	ip := flags.IP4()
	port := flags.ConnectPort()
	flags.Parse(os.Args[1:])

	// The C's char recvBuff[1024]. make fills it with zero bytes, where the
	// C's memset fills it with the character '0'; nothing reads a byte
	// that read() did not write.
	recvBuff := make([]byte, 1024)

	// The C's stdout: stdio keeps what fputs prints in a buffer, and
	// exit(3) writes it out (setvbuf(3)). os.Stdout has no buffer of its
	// own, so bufio gives it one.
	stdout := bufio.NewWriter(os.Stdout)

	// socket(2): the same call as the server's, an IPv4 TCP socket.
	sockfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		sockutil.ErrorAndExit("Could not create socket", err)
	}

	// The server's address, the C's struct sockaddr_in serv_addr:
	// sin_port = htons(PORT), sin_addr = inet_addr(IP).
	servAddr := &unix.SockaddrInet4{Port: *port, Addr: *ip}

	// connect(2) makes the TCP handshake with the server; when it returns
	// 0, the connection is made. The kernel chose a port for this socket
	// first (an ephemeral port). ConnectHint says what to do about
	// ECONNREFUSED.
	if err := unix.Connect(sockfd, servAddr); err != nil {
		sockutil.ErrorAndExit("Connect Failed", sockutil.ConnectHint(err, servAddr))
	}

	// read(2) returns what has arrived, at most the bytes asked for, and 0
	// at end of file, once the server has closed. Like the C, ask for
	// sizeof(recvBuff)-1 bytes: the C keeps the last for the NUL that fputs
	// needs.
	var n int
	for {
		n, err = unix.Read(sockfd, recvBuff[:len(recvBuff)-1])
		if n <= 0 {
			break
		}
		// The C's fputs(recvBuff, stdout), after recvBuff[n] = 0.
		if _, err := stdout.Write(recvBuff[:n]); err != nil {
			sockutil.ErrorAndExit("fputs error", err)
		}
	}

	// The C's exit(3), in ErrorAndExit as at return 0, writes out what
	// stdout holds, and ignores a failure: the end of the message can be
	// lost without a word. The twin ignores it too; the grown-up client
	// reports it.
	stdout.Flush()

	if n < 0 {
		sockutil.ErrorAndExit("Read error", err)
	}

	os.Exit(0) // return 0
}
