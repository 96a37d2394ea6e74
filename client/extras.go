package main

import (
	"errors"
	"fmt"
	"net/netip"
	"time"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

// Everything the client adds to the tutorial, called from main.go as
// extra.something. With no flags none of it makes a call: the default
// trace is the C's (make compare). How standard output is buffered is in
// stdout.go.
type extras struct {
	ip      netip.Addr
	port    int
	buf     int64
	timeout time.Duration
}

// setUp reads the flags, every one checked before any socket is made.
func setUp(args []string) *extras {
	flags := sockutil.NewFlagSet("client", "The tutorial's TCP client: connects, copies what the server sends to standard output until end of file.")
	ip := flags.IP()
	port := flags.Port("TCP `port` to connect to, 1 to 65535 (the C's #define PORT)")
	buf := flags.Int("buf", 1023, 1, 64<<20, "ask each read() for at most this many `bytes` (the C's sizeof(recvBuff)-1)")
	timeout := flags.Timeout("give up when the server sends nothing for this `duration` (SO_RCVTIMEO), or, on Linux, does not answer the connect (SO_SNDTIMEO); 0: wait forever, as the C")
	flags.Parse(args)
	if *port == 0 {
		// The server's -port 0 asks the kernel for a port; a client cannot
		// connect to port 0 (the kernel refuses it: ECONNREFUSED on Linux).
		flags.Fail("invalid value \"0\" for flag -port: a client connects to a port from 1 to 65535; the server's -port 0 says which one it got")
	}
	return &extras{ip: *ip, port: *port, buf: *buf, timeout: *timeout}
}

// socketMade: -timeout sets SO_RCVTIMEO and SO_SNDTIMEO on the socket.
func (x *extras) socketMade(sockfd int) {
	if x.timeout == 0 {
		return
	}
	if err := sockutil.SetTimeouts(sockfd, x.timeout); err != nil {
		sockutil.ErrorAndExit("Could not set -timeout", err)
	}
}

// connectFailed reports a failed connect(2); ECONNREFUSED, the error of
// every first try, gets a hint.
func (x *extras) connectFailed(err error) {
	const what = "Connect Failed"
	if errors.Is(err, unix.ECONNREFUSED) {
		// connect(2): "No-one listening on the remote address."
		sockutil.ErrorHintAndExit(what, err, fmt.Sprintf("nothing listens on %v: is the server running, on this -ip and -port?",
			netip.AddrPortFrom(x.ip, uint16(x.port))))
	}
	sockutil.ErrorAndExit(what, sockutil.Timeout(err, x.timeout, "no answer", "SO_SNDTIMEO"))
}

// readFailed reports a failed read(2).
func (x *extras) readFailed(err error) {
	sockutil.ErrorAndExit("Read error", sockutil.Timeout(err, x.timeout, "nothing arrived", "SO_RCVTIMEO"))
}
