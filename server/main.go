// Command server is the tutorial's TCP server in Go: socket(), bind(),
// listen(), accept(), write(), close(), each one call to golang.org/x/sys/unix
// in the C's order, so that strace shows the same program.
//
// Usage:
//
//	server [-ip 127.0.0.1|::1] [-port 5000] [-n 1] [-msg TEXT] [-size BYTES] [-reuseaddr] [-timeout DURATION]
//
// With no flags it does what the C does: serves one connection, writes
// "Server Message" to it and exits 0. With -port 0 the kernel chooses the
// port and the server reports it on standard error ("server: listening on
// 127.0.0.1:PORT") once it is listening. Run it with -h for every flag and
// exit status.
//
// This file is the lesson. What the tutorial does not have lives in
// options.go (the flags, the readiness line, the bind hint), stop.go (-n
// and its signals), payload.go (-msg, -size) and linger.go (-size's close).
package main

import (
	"os"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	opt := parseOptions(os.Args[1:])
	payload := newPayload(opt.msg, opt.size)
	stop := catchStops(opt.connections)

	// socket(2) creates a socket inside the kernel and returns its
	// descriptor. AF_INET: IPv4 addresses (sockutil.Family gives AF_INET6
	// for an IPv6 -ip). SOCK_STREAM: a reliable byte stream. Protocol 0
	// lets the kernel choose the default for that pair, which is TCP (see
	// ip(7), tcp(7)).
	listenfd, err := unix.Socket(sockutil.Family(opt.ip), unix.SOCK_STREAM, 0)
	if err != nil {
		sockutil.ErrorAndExit("Could not create socket", err)
	}
	if opt.reuseAddr {
		setReuseAddr(listenfd)
	}

	// The C's struct sockaddr_in: for an IPv4 -ip, sockutil.Sockaddr
	// returns &unix.SockaddrInet4{Addr: ip.As4(), Port: port}, the C's
	// inet_addr(IP) and htons(PORT); x/sys/unix fills in sin_family and
	// swaps the port's bytes when it makes the call.
	servAddr := sockutil.Sockaddr(opt.ip, opt.port)

	// bind(2) gives the socket the IP and port that clients will connect
	// to.
	if err := unix.Bind(listenfd, servAddr); err != nil {
		bindFailed(err, opt.reuseAddr)
	}

	// listen(2) marks the socket as one that accepts connections. The
	// backlog, 10, is how many completed connections the kernel queues
	// for it until accept() takes them.
	if err := unix.Listen(listenfd, 10); err != nil {
		sockutil.ErrorAndExit("Could not listen", err)
	}
	if opt.port == 0 {
		announce(listenfd)
	}
	stop.watch(listenfd)

	// The tutorial serves one connection; -n serves more, one at a time,
	// until a stop (stop.go).
	for stop.next(listenfd) {
		// accept(2) puts the server to sleep until a client has completed
		// the TCP three-way handshake, then returns a new descriptor for
		// that one connection. On Linux x/sys/unix makes this accept4(2)
		// with flags 0 and asks for the peer's address (the C passes
		// NULL). RetryAccept calls it again after EINTR or ECONNABORTED.
		connfd, _, err := sockutil.RetryAccept(unix.Accept, listenfd)
		if err == unix.EAGAIN {
			continue // -n: the client that poll(2) saw left before accept(2) took it (UNP 16.6)
		}
		if err != nil {
			sockutil.ErrorAndExit("Could not accept", err)
		}
		stop.accepted(connfd)
		if opt.timeout > 0 {
			if err := sockutil.SetTimeouts(connfd, opt.timeout); err != nil {
				sockutil.ErrorAndExit("Could not set -timeout", err)
			}
		}

		// write(2) sends the message on the connected socket. Writen calls
		// unix.Write again for the rest when it writes less than asked;
		// the tutorial's message takes one call. The C ignores what write
		// returns; a failure here is reported instead.
		if err := payload.send(unix.Write, connfd); err != nil {
			stop.failed("Could not write", sockutil.Timeout(err, opt.timeout, "the peer took nothing", "SO_SNDTIMEO"))
		} else if opt.size > 0 {
			if err := lingeringClose(connfd, opt.timeout); err != nil {
				stop.failed("Could not close", err)
			}
		}

		// close(2) ends the connection: the client's read() sees end of
		// file.
		stop.closing()
		if err := unix.Close(connfd); err != nil {
			stop.failed("Could not close", err)
		}
	}
	os.Exit(stop.exitStatus())
}
