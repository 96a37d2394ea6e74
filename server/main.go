// Command server is the tutorial's TCP server in Go: socket(), bind(),
// listen(), accept(), write(), close(), each one call to golang.org/x/sys/unix
// in the C's order, so that strace shows the same program.
//
// Usage:
//
//	server [-ip 127.0.0.1|::1] [-port 5000] [-n 1] [-msg TEXT] [-size BYTES] [-reuseaddr]
//
// With no flags it does what the C does: serves one connection, writes
// "Server Message" to it and exits 0. With -port 0 the kernel chooses the
// port and the server reports it on standard error ("server: listening on
// 127.0.0.1:PORT") once it is listening. Run it with -h for every flag and
// exit status.
package main

import (
	"os"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	flags := sockutil.NewFlagSet("server", "The tutorial's TCP server: accepts a connection, writes a message to it, closes it.")
	ip := flags.IP()
	port := flags.Port("TCP `port` to listen on, 0 for one the kernel chooses (the C's #define PORT)")
	connections := flags.Int("n", 1, 0, 1<<31-1, "serve this many `connections`, one after another, then exit; 0: until SIGINT or SIGTERM")
	msg := flags.String("msg", "Server Message", "the `text` to send")
	size := flags.Int("size", 0, 0, 1<<62, "send this many `bytes` of the message repeated, cut at that length; 0: the message once")
	reuseAddr := flags.Bool("reuseaddr", false, "set SO_REUSEADDR before bind(), so that a restart can bind a port still in TIME_WAIT")
	flags.Parse(os.Args[1:])
	if *size > 0 && *msg == "" {
		flags.Fail("-msg is empty: there is nothing to repeat to -size %d bytes", *size)
	}
	payload := newPayload(*msg, *size)

	// socket(2) creates a socket inside the kernel and returns its
	// descriptor. AF_INET: IPv4 addresses (sockutil.Family gives AF_INET6
	// for an IPv6 -ip). SOCK_STREAM: a reliable byte stream. Protocol 0
	// lets the kernel choose the default for that pair, which is TCP (see
	// ip(7), tcp(7)).
	listenfd, err := unix.Socket(sockutil.Family(*ip), unix.SOCK_STREAM, 0)
	if err != nil {
		sockutil.ErrorAndExit("Could not create socket", err)
	}

	// Not in the tutorial, off by default: SO_REUSEADDR (socket(7)) lets
	// bind() take a port that a connection closed less than a minute ago
	// still holds in TIME_WAIT (tcp(7)).
	if *reuseAddr {
		if err := unix.SetsockoptInt(listenfd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
			sockutil.ErrorAndExit("Could not set SO_REUSEADDR", err)
		}
	}

	// The C's struct sockaddr_in: for an IPv4 -ip, sockutil.Sockaddr
	// returns &unix.SockaddrInet4{Addr: ip.As4(), Port: *port}, the C's
	// inet_addr(IP) and htons(PORT); x/sys/unix fills in sin_family and
	// swaps the port's bytes when it makes the call.
	servAddr := sockutil.Sockaddr(*ip, *port)

	// bind(2) gives the socket the IP and port that clients will connect
	// to.
	if err := unix.Bind(listenfd, servAddr); err != nil {
		bindFailed(err, *reuseAddr)
	}

	// listen(2) marks the socket as one that accepts connections. The
	// backlog, 10, is how many completed connections the kernel queues
	// for it until accept() takes them.
	if err := unix.Listen(listenfd, 10); err != nil {
		sockutil.ErrorAndExit("Could not listen", err)
	}
	if *port == 0 {
		announce(listenfd)
	}

	// The tutorial serves one connection; -n serves more, one at a time.
	s := newSession(*connections)
	for served := int64(0); *connections == 0 || served < *connections; served++ {
		if s.stopRequested() {
			break
		}

		// accept(2) puts the server to sleep until a client has completed
		// the TCP three-way handshake, then returns a new descriptor for
		// that one connection. On Linux x/sys/unix makes this accept4(2)
		// with flags 0 and asks for the peer's address (the C passes
		// NULL). RetryAccept calls it again after EINTR or ECONNABORTED.
		connfd, _, err := sockutil.RetryAccept(unix.Accept, listenfd)
		if err != nil {
			sockutil.ErrorAndExit("Could not accept", err)
		}
		s.serving()

		// write(2) sends the message on the connected socket. Writen calls
		// unix.Write again for the rest when it writes less than asked;
		// the tutorial's message takes one call. The C ignores what write
		// returns; a failure here is reported instead.
		if err := payload.send(unix.Write, connfd); err != nil {
			s.failed("Could not write", err)
		}

		// close(2) ends the connection: the client's read() sees end of
		// file.
		if err := unix.Close(connfd); err != nil {
			s.failed("Could not close", err)
		}
	}
	os.Exit(s.exitStatus())
}
