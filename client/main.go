// Command client is the tutorial's TCP client in Go: socket(), connect(),
// then read() until end of file, each one call to golang.org/x/sys/unix in
// the C's order, so that strace shows the same program.
//
// Usage:
//
//	client [-ip 127.0.0.1|::1] [-port 5000] [-buf 1023]
//
// It copies everything the server sends to standard output and exits 0 at
// end of file. Run it with -h for every flag and exit status.
package main

import (
	"bufio"
	"os"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	flags := sockutil.NewFlagSet("client", "The tutorial's TCP client: connects, copies what the server sends to standard output until end of file.")
	ip := flags.IP()
	port := flags.Port("TCP `port` to connect to (the C's #define PORT)")
	bufSize := flags.Int("buf", 1023, 1, 64<<20, "ask each read() for at most this many `bytes` (the C's sizeof(recvBuff)-1)")
	flags.Parse(os.Args[1:])

	// The C's char recvBuff[1024], one byte more than a read asks for. Go
	// zeroes it; no memset needed.
	recvBuff := make([]byte, *bufSize+1)

	// socket(2): the same call as the server's, an IPv4 TCP socket (IPv6
	// for an IPv6 -ip).
	sockfd, err := unix.Socket(sockutil.Family(*ip), unix.SOCK_STREAM, 0)
	if err != nil {
		sockutil.ErrorAndExit("Could not create socket", err)
	}

	// The server's address, as the C fills its struct sockaddr_in:
	// &unix.SockaddrInet4{Addr: ip.As4(), Port: *port} for an IPv4 -ip.
	servAddr := sockutil.Sockaddr(*ip, *port)

	// connect(2) makes the TCP three-way handshake with the server at
	// servAddr; when it returns, the socket is connected. RetryConnect
	// finishes it properly if a signal interrupts it.
	if err := sockutil.RetryConnect(unix.Connect, sockfd, servAddr); err != nil {
		sockutil.ErrorAndExit("Connect Failed", err)
	}

	// stdout buffers like the C's stdio does for a pipe or file, so that
	// each read() does not cost a write() as well; it is flushed at end of
	// file and before any error message, as exit(3) flushes stdio. Its
	// 64 KiB (stdio takes st_blksize, 4 KiB for a pipe) make one write(1)
	// of up to 64 reads of 1023 bytes: see the README's Performance.
	stdout := bufio.NewWriterSize(os.Stdout, 64<<10)

	// read(2) returns what has arrived, at most len(buf) bytes, and 0 at
	// end of file, once the server has closed the connection. Like the C,
	// ask for sizeof(recvBuff)-1 bytes: the C keeps the last byte for the
	// NUL that fputs needs. Unlike fputs, stdout.Write copies every byte
	// read, NUL bytes included. RetryIO calls unix.Read again after EINTR.
	var n int
	for {
		n, err = sockutil.RetryIO(unix.Read, sockfd, recvBuff[:len(recvBuff)-1])
		if n <= 0 {
			break
		}
		if _, err := stdout.Write(recvBuff[:n]); err != nil {
			sockutil.ErrorAndExit("fputs error", err)
		}
	}
	if err := stdout.Flush(); err != nil {
		sockutil.ErrorAndExit("fputs error", err)
	}

	if err != nil {
		sockutil.ErrorAndExit("Read error", err)
	}
}
