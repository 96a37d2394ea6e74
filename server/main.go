// Command server is the tutorial's TCP server in Go: socket(), bind(),
// listen(), accept(), write(), close(), each one call to golang.org/x/sys/unix
// in the C's order, so that strace shows the same program.
//
// Usage:
//
//	server [-ip 127.0.0.1] [-port 5000]
//
// It serves one connection, writes "Server Message" to it and exits 0. With
// -port 0 the kernel chooses the port and the server reports it on standard
// error ("server: listening on 127.0.0.1:PORT") once it is listening.
package main

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	flags := sockutil.NewFlagSet("server", "The tutorial's TCP server: accepts one connection, writes \"Server Message\" to it and exits.")
	ip := flags.IP()
	port := flags.Port("TCP `port` to listen on, 0 for one the kernel chooses (the C's #define PORT)")
	flags.Parse(os.Args[1:])

	// socket(2) creates a socket inside the kernel and returns its
	// descriptor. AF_INET: IPv4 addresses. SOCK_STREAM: a reliable byte
	// stream. Protocol 0 lets the kernel choose the default for that
	// pair, which is TCP (see ip(7), tcp(7)).
	listenfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		sockutil.ErrorAndExit("Could not create socket", err)
	}

	// The C's struct sockaddr_in. x/sys/unix fills in sin_family and puts
	// the port in network byte order (the C's htons) when it makes the call.
	servAddr := &unix.SockaddrInet4{
		Addr: ip.As4(), // inet_addr(IP)
		Port: *port,    // htons(PORT)
	}

	// bind(2) gives the socket the IP and port that clients will connect
	// to.
	if err := unix.Bind(listenfd, servAddr); err != nil {
		sockutil.ErrorAndExit("Could not bind on Given IP", err)
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

	// accept(2) puts the server to sleep until a client has completed the
	// TCP three-way handshake, then returns a new descriptor for that one
	// connection. On Linux x/sys/unix makes this accept4(2) with flags 0
	// and asks for the peer's address (the C passes NULL).
	connfd, _, err := unix.Accept(listenfd)
	if err != nil {
		sockutil.ErrorAndExit("Could not accept", err)
	}

	// write(2) sends the message on the connected socket. The C ignores
	// what write returns; a failure here is reported instead.
	if _, err := unix.Write(connfd, []byte("Server Message")); err != nil {
		sockutil.ErrorAndExit("Could not write", err)
	}

	// close(2) ends the connection: the client's read() sees end of file.
	if err := unix.Close(connfd); err != nil {
		sockutil.ErrorAndExit("Could not close", err)
	}
}

// announce reports the port the kernel chose for -port 0, read back with
// getsockname(2), so that a test or script knows the server is listening
// and where. The tutorial's fixed port never takes this path.
func announce(listenfd int) {
	sa, err := unix.Getsockname(listenfd)
	if err != nil {
		sockutil.ErrorAndExit("Could not get socket name", err)
	}
	addr := sa.(*unix.SockaddrInet4)
	fmt.Fprintf(os.Stderr, "server: listening on %d.%d.%d.%d:%d\n",
		addr.Addr[0], addr.Addr[1], addr.Addr[2], addr.Addr[3], addr.Port)
}
