// Command server is the tutorial's TCP server, scripts/tutorial/server.c,
// in Go: socket(), bind(), listen(), accept(), write(), close(), each one
// call to golang.org/x/sys/unix, in the C's order, and nothing else. It
// serves one client, writes "Server Message" to it and exits 0.
//
// Usage:
//
//	server [-ip 127.0.0.1] [-port 5000]
//
// -ip and -port are the C's #define IP and PORT. A failed call prints the
// C's message, with the errno's name and a hint, and exits 1; a bad flag
// exits 64. The grown-up server, which serves until it is stopped, is in
// scripts/grownup.
package main

import (
	"os"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	// The C's #define IP and #define PORT, as the flags -ip and -port.
	flags := sockutil.NewFlagSet("server", "The tutorial's TCP server.")
	ip := flags.IP4()
	port := flags.ListenPort()
	flags.Parse(os.Args[1:])

	// socket(2) makes a socket in the kernel and returns its descriptor.
	// AF_INET: IPv4. SOCK_STREAM: a byte stream. Protocol 0: the kernel's
	// default for the two, TCP (ip(7), tcp(7)).
	listenfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		sockutil.ErrorAndExit("Could not create socket", err)
	}

	// The C's struct sockaddr_in serv_addr. x/sys/unix fills in
	// sin_family = AF_INET, and writes sin_port in network byte order,
	// htons(PORT), when it makes the call. sin_addr is inet_addr(IP).
	servAddr := &unix.SockaddrInet4{Addr: *ip, Port: *port}

	// bind(2) gives the socket the address and port that clients connect
	// to. BindHint says what to do about EADDRINUSE and EACCES.
	if err := unix.Bind(listenfd, servAddr); err != nil {
		sockutil.ErrorAndExit("Could not bind on Given IP", sockutil.BindHint(err, servAddr))
	}

	// listen(2) makes the socket accept connections. The backlog, 10,
	// bounds the queue of connections that wait for accept() (Linux lets
	// one more wait: 11).
	if err := unix.Listen(listenfd, 10); err != nil {
		sockutil.ErrorAndExit("Could not listen", err)
	}

	// accept(2) waits until a client has connected, then returns a new
	// descriptor for that one connection. On Linux, x/sys/unix makes it
	// accept4(2) with flags 0, and asks for the client's address, which
	// the C's NULL, NULL does not (make compare shows both).
	connfd, _, err := unix.Accept(listenfd)
	if err != nil {
		sockutil.ErrorAndExit("Could not accept", err)
	}

	// write(2) sends the message. Like the C, the server ignores what
	// write returns: if the client has gone, or write sends less than
	// asked, the message is lost, and nobody is told. The grown-up server
	// writes until all is sent, and reports a failure.
	unix.Write(connfd, []byte("Server Message"))

	// close(2) ends the connection: the kernel sends a FIN, and the
	// client's read() returns 0, end of file. Its result is ignored, as in
	// the C.
	unix.Close(connfd)

	os.Exit(0) // return 0
}
