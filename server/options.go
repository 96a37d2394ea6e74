package main

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"time"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

// What the server adds to the tutorial. None of it is on the default path:
// with no flags, the server makes exactly the C's calls (make compare).

// options are the server's flags. -ip and -port are the C's #defines; the
// rest are off, or the tutorial's value, by default.
type options struct {
	ip          netip.Addr
	port        int
	connections int64 // -n
	size        int64
	msg         string
	reuseAddr   bool
	timeout     time.Duration
}

func parseOptions(args []string) options {
	flags := sockutil.NewFlagSet("server", "The tutorial's TCP server: accepts a connection, writes a message to it, closes it.")
	ip := flags.IP()
	port := flags.Port("TCP `port` to listen on, 0 for one the kernel chooses (the C's #define PORT)")
	connections := flags.Int("n", 1, 0, 1<<31-1, "serve this many `connections`, one after another, then exit; 0: until SIGINT or SIGTERM. "+
		"With any value but 1, the first SIGINT or SIGTERM stops the accepting and lets the connection in hand finish; a second ends the server at once")
	msg := flags.String("msg", "Server Message", "the `text` to send")
	size := flags.Int("size", 0, 0, 1<<62, "send this many `bytes` of the message repeated, cut at that length, then close without a reset (see -timeout); 0: the message once")
	reuseAddr := flags.Bool("reuseaddr", false, "set SO_REUSEADDR before bind(), so that a restart can bind a port still in TIME_WAIT")
	timeout := flags.Timeout("give up on a connection whose peer takes nothing (or, with -size, does not close) for this `duration` (SO_SNDTIMEO, SO_RCVTIMEO); 0: wait forever, as the C")
	flags.Parse(args)
	if *size > 0 && *msg == "" {
		flags.Fail("-msg is empty: there is nothing to repeat to -size %d bytes", *size)
	}
	return options{ip: *ip, port: *port, connections: *connections, size: *size, msg: *msg, reuseAddr: *reuseAddr, timeout: *timeout}
}

// setReuseAddr sets SO_REUSEADDR (socket(7)), so that bind() can take a
// port that a connection closed less than a minute ago still holds in
// TIME_WAIT (tcp(7)).
func setReuseAddr(listenfd int) {
	if err := unix.SetsockoptInt(listenfd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
		sockutil.ErrorAndExit("Could not set SO_REUSEADDR", err)
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
	fmt.Fprintf(os.Stderr, "server: listening on %v\n", sockutil.AddrPort(sa))
}

// bindFailed reports a failed bind(2). EADDRINUSE is the error every
// learner meets on a second run: the first run's connection holds the port
// in TIME_WAIT for about a minute (tcp(7)), so it gets a hint. "Every run":
// on Linux, SO_REUSEADDR binds through TIME_WAIT only if the run that left
// it had set SO_REUSEADDR too.
func bindFailed(err error, reuseAddr bool) {
	if errors.Is(err, unix.EADDRINUSE) && !reuseAddr {
		sockutil.ErrorHintAndExit("Could not bind on Given IP", err,
			"another server listens there, or one that ran less than a minute ago left the port in TIME_WAIT (tcp(7)); start every run with -reuseaddr to bind through TIME_WAIT")
	}
	sockutil.ErrorAndExit("Could not bind on Given IP", err)
}
