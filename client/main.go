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
// This file is the lesson. What the tutorial does not have lives in
// options.go (the flags) and stdout.go (how standard output is buffered).
package main

import (
	"os"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	opt := parseOptions(os.Args[1:])

	// The C's char recvBuff[1024], one byte more than a read asks for.
	// The C fills it with the character '0' (memset); Go's make fills it
	// with zero bytes, and nothing reads a byte that read() did not write.
	recvBuff := make([]byte, opt.buf+1)

	// socket(2): the same call as the server's, an IPv4 TCP socket (IPv6
	// for an IPv6 -ip).
	sockfd, err := unix.Socket(sockutil.Family(opt.ip), unix.SOCK_STREAM, 0)
	if err != nil {
		sockutil.ErrorAndExit("Could not create socket", err)
	}
	if opt.timeout > 0 {
		if err := sockutil.SetTimeouts(sockfd, opt.timeout); err != nil {
			sockutil.ErrorAndExit("Could not set -timeout", err)
		}
	}

	// The server's address, as the C fills its struct sockaddr_in:
	// &unix.SockaddrInet4{Addr: ip.As4(), Port: port} for an IPv4 -ip.
	servAddr := sockutil.Sockaddr(opt.ip, opt.port)

	// connect(2) makes the TCP three-way handshake with the server at
	// servAddr; when it returns, the socket is connected. RetryConnect
	// finishes it properly if a signal interrupts it.
	if err := sockutil.RetryConnect(unix.Connect, sockfd, servAddr); err != nil {
		sockutil.ErrorAndExit("Connect Failed", sockutil.Timeout(err, opt.timeout, "no answer", "SO_SNDTIMEO"))
	}

	// The C's stdout: block buffered, or line buffered on a terminal.
	stdout := newStdout()

	// read(2) returns what has arrived, at most len(buf) bytes, and 0 at
	// end of file, once the server has closed the connection. Like the C,
	// ask for sizeof(recvBuff)-1 bytes: the C keeps the last byte for the
	// NUL that fputs needs. Unlike fputs, print copies every byte read,
	// NUL bytes included. RetryIO calls unix.Read again after EINTR.
	var n int
	for {
		n, err = sockutil.RetryIO(unix.Read, sockfd, recvBuff[:len(recvBuff)-1])
		if n <= 0 {
			break
		}
		// The C's fputs(recvBuff, stdout); its "fputs error" names the
		// write(2) to standard output that failed.
		if err := stdout.print(recvBuff[:n]); err != nil {
			sockutil.ErrorAndExit("fputs error", err)
		}
	}
	if err := stdout.Flush(); err != nil {
		sockutil.ErrorAndExit("fputs error", err)
	}

	if err != nil {
		sockutil.ErrorAndExit("Read error", sockutil.Timeout(err, opt.timeout, "nothing arrived", "SO_RCVTIMEO"))
	}
}
