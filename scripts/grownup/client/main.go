// Command client is the tutorial's TCP client in Go: socket(), connect(),
// then read() until end of file, each one call to golang.org/x/sys/unix in
// the C's order, so that strace shows the same program.
//
// Usage:
//
//	client [-ip 127.0.0.1|::1] [-port 5000] [-buf 1023] [-timeout DURATION]
//
// It copies everything the server sends to standard output and exits 0 at
// end of file. Run it with -h for every flag and exit status.
//
// This file is the lesson, in the C's order: each line is the twin of a
// line of the tutorial's client.c (scripts/tutorial), or names extra,
// which is not in the tutorial: extras.go says what each one adds, and
// with no flags none of them makes a call. TestMainMirrorsC checks it.
package main

import (
	"os"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/grownup"
	"tcpsocket/sockutil"
)

func main() {
	extra := setUp(os.Args[1:]) // the flags: -ip and -port are the C's #define IP and PORT

	// The C's char recvBuff[1024]: a read asks for one byte less, which
	// the C keeps for the NUL that fputs needs. The C fills it with the
	// character '0' (memset); make fills it with zero bytes, and nothing
	// here reads a byte that read() did not write. -buf changes the size.
	recvBuff := make([]byte, extra.bufSize())

	// socket(2): the same call as the server's, an IPv4 TCP socket (IPv6
	// for an IPv6 -ip, not in the tutorial).
	sockfd, err := unix.Socket(extra.family(unix.AF_INET), unix.SOCK_STREAM, 0)
	if err != nil {
		sockutil.ErrorAndExit("Could not create socket", err)
	}
	extra.socketMade(sockfd)

	// The server's address, the C's struct sockaddr_in serv_addr:
	// sin_port = htons(PORT), sin_addr = inet_addr(IP).
	var servAddr unix.Sockaddr = &unix.SockaddrInet4{Addr: extra.ip4, Port: extra.port}
	if extra.ip.Is6() {
		servAddr = extra.sockaddr6()
	}

	// connect(2) makes the TCP three-way handshake with the server at
	// servAddr; when it returns, the socket is connected. The kernel gave
	// it an ephemeral port of its own first, an implicit bind. RetryConnect
	// calls unix.Connect once, and finishes the handshake properly if a
	// signal interrupts it (scripts/grownup/retry.go).
	if err := grownup.RetryConnect(unix.Connect, sockfd, servAddr); err != nil {
		sockutil.ErrorAndExit("Connect Failed", extra.connectError(err, servAddr))
	}

	// read(2) returns what has arrived, at most len(buf) bytes, and 0 at
	// end of file, once the server has closed the connection. Like the C,
	// ask for sizeof(recvBuff)-1 bytes. RetryIO calls unix.Read again
	// after EINTR.
	var n int
	for {
		n, err = grownup.RetryIO(unix.Read, sockfd, recvBuff[:len(recvBuff)-1])
		if n <= 0 {
			break
		}
		// The C's fputs(recvBuff, stdout), after recvBuff[n] = 0. Unlike
		// fputs, print copies every byte read, NUL bytes included, so the
		// NUL is not needed. "fputs error" stands for the write(2) to
		// standard output that failed. stdout.go buffers as stdio does.
		if err := stdout.print(recvBuff[:n]); err != nil {
			sockutil.ErrorAndExit("fputs error", err)
		}
	}

	// The C's exit(3), at return 0 or in ErrorAndExit, flushes stdio:
	// extra.flush does, before either.
	extra.flush()
	if err != nil {
		sockutil.ErrorAndExit("Read error", extra.readError(err))
	}
	os.Exit(0)
}
