// Command server is the tutorial's TCP server in Go: socket(), bind(),
// listen(), accept(), write(), close(), each one call to golang.org/x/sys/unix
// in the C's order, so that strace shows the same program.
//
// Usage:
//
//	server [-ip 127.0.0.1|::1] [-port 5000] [-n 1] [-msg TEXT] [-size BYTES] [-reuseaddr] [-timeout DURATION]
//
// With no flags it does what the C does: serves one connection, writes
// "Server Message" to it and exits 0. Run it with -h for every flag and
// exit status.
//
// This file is the lesson, in the C's order: each line is the twin of a
// line of the tutorial's server.c (scripts/tutorial), or names extra,
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

	// socket(2) creates a socket inside the kernel and returns its
	// descriptor. AF_INET: IPv4 addresses. SOCK_STREAM: a reliable byte
	// stream. Protocol 0 lets the kernel choose the default for that pair,
	// which is TCP (ip(7), tcp(7)). extra.family makes it AF_INET6 for an
	// IPv6 -ip such as ::1 (ipv6(7)).
	listenfd, err := unix.Socket(extra.family(unix.AF_INET), unix.SOCK_STREAM, 0)
	if err != nil {
		sockutil.ErrorAndExit("Could not create socket", err)
	}
	extra.socketMade(listenfd)

	// The C's struct sockaddr_in serv_addr: sin_addr = inet_addr(IP),
	// sin_port = htons(PORT). x/sys/unix fills in sin_family and writes the
	// port in network byte order, big-endian, when it makes the call. For
	// an IPv6 -ip, struct sockaddr_in6.
	var servAddr unix.Sockaddr = &unix.SockaddrInet4{Addr: extra.ip4, Port: extra.port}
	if extra.ip.Is6() {
		servAddr = extra.sockaddr6()
	}

	// bind(2) gives the socket the IP and port that clients will connect
	// to. extra.bindError adds a hint to the errors a learner meets first.
	if err := unix.Bind(listenfd, servAddr); err != nil {
		sockutil.ErrorAndExit("Could not bind on Given IP", extra.bindError(err, servAddr))
	}

	// listen(2) marks the socket as one that accepts connections. The
	// backlog, 10, bounds the queue of completed connections that wait
	// for accept() (Linux lets one more in: 11; make tour shows it).
	if err := unix.Listen(listenfd, 10); err != nil {
		sockutil.ErrorAndExit("Could not listen", err)
	}
	extra.listening(listenfd)

	// The tutorial serves one connection; -n serves more, until a stop.
	for extra.another(listenfd) {
		// accept(2) puts the server to sleep until a client has completed
		// the TCP three-way handshake, then returns a new descriptor for
		// that one connection. RetryAccept calls extra.accept(listenfd),
		// and again after EINTR or ECONNABORTED (grownup/retry.go).
		// extra.accept is unix.Accept, which on Linux makes accept4(2) with
		// flags 0 and asks for the client's address, where the C passes
		// NULL; with -n other than 1, the C's call, NULL and all
		// (accept_linux.go), and a stop wakes it (stop.go).
		connfd, _, err := grownup.RetryAccept(extra.accept, listenfd)
		if extra.acceptAgain(err) {
			continue
		}
		if err != nil {
			sockutil.ErrorAndExit("Could not accept", err)
		}
		extra.accepted(connfd)

		// write(2) sends the message on the connected socket: the C's
		// write(connfd, "Server Message", strlen("Server Message")).
		// Writen calls unix.Write again for the rest if it writes less
		// than asked. The C ignores what write returns; extra.failed
		// reports it. -msg and -size change what is sent, in chunks.
		for message := range extra.payload("Server Message") {
			if err := grownup.Writen(unix.Write, connfd, message); err != nil {
				extra.failed("Could not write", err)
				break
			}
		}

		// close(2) ends the connection: the kernel sends FIN, and the
		// client's read() sees end of file.
		extra.closing(connfd)
		if err := unix.Close(connfd); err != nil {
			extra.failed("Could not close", err)
		}
	}

	// The C's return 0. extra.exitIfFailed exits 3 instead if a write or a
	// close failed: the C never knows.
	extra.exitIfFailed()
	os.Exit(0)
}
