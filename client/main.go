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
// This file is the lesson, in the C's order. Every line that begins with
// extra. is not in the tutorial: extras.go says what each one adds.
package main

import (
	"os"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	extra := setUp(os.Args[1:]) // the flags: -ip and -port are the C's #define IP and PORT

	// The C's char recvBuff[1024], one byte more than a read asks for. The
	// C fills it with the character '0' (memset); make fills it with zero
	// bytes, and nothing here reads a byte that read() did not write.
	recvBuff := make([]byte, extra.buf+1)

	// socket(2): the same call as the server's, an IPv4 TCP socket (IPv6
	// for an IPv6 -ip, not in the tutorial).
	domain := unix.AF_INET
	if extra.ip.Is6() {
		domain = unix.AF_INET6
	}
	sockfd, err := unix.Socket(domain, unix.SOCK_STREAM, 0)
	if err != nil {
		sockutil.ErrorAndExit("Could not create socket", err)
	}
	extra.socketMade(sockfd)

	// The server's address, the C's struct sockaddr_in serv_addr:
	// sin_port = htons(PORT), sin_addr = inet_addr(IP).
	var servAddr unix.Sockaddr
	if domain == unix.AF_INET {
		servAddr = &unix.SockaddrInet4{Addr: extra.ip.As4(), Port: extra.port}
	} else {
		servAddr = &unix.SockaddrInet6{Addr: extra.ip.As16(), Port: extra.port}
	}

	// connect(2) makes the TCP three-way handshake with the server at
	// servAddr; when it returns, the socket is connected. RetryConnect
	// calls unix.Connect once, and finishes the handshake properly if a
	// signal interrupts it (sockutil/retry.go).
	if err := sockutil.RetryConnect(unix.Connect, sockfd, servAddr); err != nil {
		extra.connectFailed(err)
	}

	// The C's stdout: stdio buffers it, line by line on a terminal.
	stdout := newStdout()

	// read(2) returns what has arrived, at most len(buf) bytes, and 0 at
	// end of file, once the server has closed the connection. Like the C,
	// ask for sizeof(recvBuff)-1 bytes: the C keeps the last byte for the
	// NUL that fputs needs. RetryIO calls unix.Read again after EINTR.
	var n int
	for {
		n, err = sockutil.RetryIO(unix.Read, sockfd, recvBuff[:len(recvBuff)-1])
		if n <= 0 {
			break
		}
		// The C's fputs(recvBuff, stdout). Unlike fputs, print copies
		// every byte read, NUL bytes included. "fputs error" stands for
		// the write(2) to standard output that failed.
		if err := stdout.print(recvBuff[:n]); err != nil {
			sockutil.ErrorAndExit("fputs error", err)
		}
	}
	if err := stdout.Flush(); err != nil {
		sockutil.ErrorAndExit("fputs error", err)
	}

	if err != nil {
		extra.readFailed(err)
	}
}
