package main

import (
	"net/netip"
	"time"

	"tcpsocket/sockutil"
)

// options are the client's flags. -ip and -port are the C's #defines; the
// rest are the tutorial's value, or off, by default: with no flags the
// client makes exactly the C's calls (make compare).
type options struct {
	ip      netip.Addr
	port    int
	buf     int64
	timeout time.Duration
}

func parseOptions(args []string) options {
	flags := sockutil.NewFlagSet("client", "The tutorial's TCP client: connects, copies what the server sends to standard output until end of file.")
	ip := flags.IP()
	port := flags.Port("TCP `port` to connect to (the C's #define PORT)")
	buf := flags.Int("buf", 1023, 1, 64<<20, "ask each read() for at most this many `bytes` (the C's sizeof(recvBuff)-1)")
	timeout := flags.Timeout("give up when the server sends nothing for this `duration` (SO_RCVTIMEO), or, on Linux, does not answer the connect (SO_SNDTIMEO); 0: wait forever, as the C")
	flags.Parse(args)
	return options{ip: *ip, port: *port, buf: *buf, timeout: *timeout}
}
