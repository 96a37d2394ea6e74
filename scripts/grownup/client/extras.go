package main

import (
	"net/netip"
	"time"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/grownup"
	"tcpsocket/sockutil"
)

// Everything the client adds to the tutorial, called from main.go as
// extra.something. With no flags none of it makes a call: the default
// trace is the C's (make compare). How standard output is buffered is in
// stdout.go.
type extras struct {
	ip      netip.Addr
	ip4     [4]byte // the -ip as IPv4, for struct sockaddr_in
	port    int
	buf     int64
	timeout time.Duration
}

// setUp reads the flags, every one checked before any socket is made.
func setUp(args []string) *extras {
	flags := grownup.NewFlagSet("grownup-client", "The grown-up TCP client: the tutorial's, with a read size, a timeout and IPv6.")
	ip := flags.IP()
	port := flags.Port(1, "TCP `port` to connect to, 1 to 65535 (the C's #define PORT)")
	buf := flags.Int("buf", 1023, 1, 64<<20, "ask each read() for at most this many `bytes` (the C's sizeof(recvBuff)-1 by default)")
	timeout := flags.Timeout("give up when the server sends nothing for this `duration` (SO_RCVTIMEO), or, on Linux, does not answer the connect (SO_SNDTIMEO); 0: wait forever, as the C")
	flags.Parse(args)
	return &extras{ip: *ip, ip4: grownup.Inet4(*ip), port: *port, buf: *buf, timeout: *timeout}
}

// bufSize is the size of the receive buffer: -buf, and the byte that
// read() is not asked for, which the C keeps for fputs's NUL.
func (x *extras) bufSize() int64 { return x.buf + 1 }

// family is the domain for socket(2) (grownup.Family).
func (x *extras) family(inet int) int { return grownup.Family(x.ip, inet) }

// sockaddr6 is the server's IPv6 address, struct sockaddr_in6 (grownup.Sockaddr6).
func (x *extras) sockaddr6() unix.Sockaddr { return grownup.Sockaddr6(x.ip, x.port) }

// flush writes out what stdout holds, as the C's exit(3) flushes stdio;
// a failure is the C's "fputs error".
func (x *extras) flush() {
	if err := stdout.Flush(); err != nil {
		sockutil.ErrorAndExit("fputs error", err)
	}
}

// socketMade: -timeout sets SO_RCVTIMEO and SO_SNDTIMEO on the socket.
func (x *extras) socketMade(sockfd int) {
	if x.timeout == 0 {
		return
	}
	if err := grownup.SetTimeouts(sockfd, x.timeout); err != nil {
		sockutil.ErrorAndExit("Could not set -timeout", err)
	}
}

// connectError is connect(2)'s error for ErrorAndExit: ECONNREFUSED with
// the tutorial's hint (sockutil.ConnectHint); the expiry of -timeout told
// in words.
func (x *extras) connectError(err error, servAddr unix.Sockaddr) error {
	return grownup.Timeout(sockutil.ConnectHint(err, servAddr), x.timeout, "no answer", "SO_SNDTIMEO")
}

// readError is read(2)'s error for ErrorAndExit, the expiry of -timeout
// told in words.
func (x *extras) readError(err error) error {
	return grownup.Timeout(err, x.timeout, "nothing arrived", "SO_RCVTIMEO")
}
