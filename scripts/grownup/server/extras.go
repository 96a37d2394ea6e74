package main

import (
	"errors"
	"flag"
	"fmt"
	"iter"
	"net/netip"
	"os"
	"time"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/grownup"
	"tcpsocket/sockutil"
)

// Everything the server adds to the tutorial, called from main.go as
// extra.something, at the one point of the lesson where it belongs. None of
// it makes a call with no flags given: the default trace is the C's (make
// compare). The stops of -n are in stop.go, and the second P that -n asks
// for on one CPU in procs.go; the payload of -msg and -size in
// scripts/grownup/payload.go, the close that -size needs in linger.go.
type extras struct {
	ip         netip.Addr
	port       int
	size       int64
	reuseAddr  bool
	timeout    time.Duration
	ip4        [4]byte // the -ip as IPv4, for struct sockaddr_in
	msg        string  // -msg, if msgSet
	msgSet     bool
	stop       *stopper
	connFailed bool // the connection in hand failed, and was reported
}

// setUp reads the flags, every one checked before any socket is made, and
// with -n other than 1 starts catching SIGINT and SIGTERM (stop.go) and
// makes sure the runtime has two Ps (procs.go).
func setUp(args []string) *extras {
	flags := grownup.NewFlagSet("grownup-server", "The grown-up TCP server: the tutorial's, serving one connection after another until stopped, with what a server that runs needs.")
	ip := flags.IP()
	port := flags.Port(0, "TCP `port` to listen on, 0 for one the kernel chooses (the C's #define PORT)")
	connections := flags.Int("n", 1, 0, 1<<31-1, "serve this many `connections`, one after another, then exit; 0: until SIGINT or SIGTERM. "+
		"With any value but 1, the first SIGINT or SIGTERM stops the accepting and lets the connection in hand finish; a second ends the server at once")
	msg := flags.String("msg", "", "the `text` to send (default: the tutorial's, \"Server Message\", in main.go)")
	size := flags.Int("size", 0, 0, 1<<62, "send this many `bytes` of the message repeated, cut at that length, then close without a reset (see -timeout); 0: the message once")
	reuseAddr := flags.Bool("reuseaddr", false, "set SO_REUSEADDR before bind(), so that a restart can bind a port still in TIME_WAIT")
	timeout := flags.Timeout("give up on a connection whose peer takes nothing (or, with -size, does not close) for this `duration` (SO_SNDTIMEO, SO_RCVTIMEO); 0: wait forever, as the C")
	flags.ExitStatus(grownup.ExitConnFailed, "served, but a connection failed or was cut (each one printed)")
	flags.Parse(args)
	msgSet := false
	flags.Visit(func(f *flag.Flag) { msgSet = msgSet || f.Name == "msg" })
	if *size > 0 && msgSet && *msg == "" {
		flags.Fail("-msg is empty: there is nothing to repeat to -size %d bytes", *size)
	}
	if *connections != 1 {
		spareP() // procs.go: a long-running server on one CPU
	}
	return &extras{
		ip: *ip, port: *port, size: *size, reuseAddr: *reuseAddr, timeout: *timeout,
		ip4: grownup.Inet4(*ip), msg: *msg, msgSet: msgSet,
		stop: catchStops(*connections),
	}
}

// socketMade: -reuseaddr sets SO_REUSEADDR (socket(7)), so that bind() can
// take a port that a connection closed less than a minute ago still holds
// in TIME_WAIT (TCP_TIMEWAIT_LEN, 60 s on Linux, include/net/tcp.h).
func (x *extras) socketMade(listenfd int) {
	if !x.reuseAddr {
		return
	}
	if err := unix.SetsockoptInt(listenfd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
		sockutil.ErrorAndExit("Could not set SO_REUSEADDR", err)
	}
}

// bindError is bind(2)'s error with the tutorial's hint (sockutil.BindHint),
// but for a port in TIME_WAIT, where -reuseaddr is the advice: SO_REUSEADDR
// helps against a TIME_WAIT, never against a listener.
func (x *extras) bindError(err error, servAddr unix.Sockaddr) error {
	if !errors.Is(err, unix.EADDRINUSE) {
		return sockutil.BindHint(err, servAddr)
	}
	timeWait := "start every run with -reuseaddr to bind through TIME_WAIT"
	if x.reuseAddr {
		// On Linux, SO_REUSEADDR binds through TIME_WAIT only if the run
		// that left it had set SO_REUSEADDR too (timewait_linux_test.go).
		timeWait = "this run set -reuseaddr, but a run without -reuseaddr left it there, and on Linux SO_REUSEADDR binds through TIME_WAIT only if that run had set it too: " +
			"wait up to a minute, or use another -port"
	}
	return sockutil.Hint(err, sockutil.InUseHint(x.port, sockutil.PortHolder(x.port), timeWait))
}

// listening: with -port 0, the server reports the port the kernel chose,
// read back with getsockname(2), on standard error, so that a test or a
// script knows it is listening, and where. With -n other than 1, the
// stops take the listening socket in hand (stop.go: on macOS and the BSDs
// it becomes non-blocking).
func (x *extras) listening(listenfd int) {
	if x.port == 0 {
		sa, err := unix.Getsockname(listenfd)
		if err != nil {
			sockutil.ErrorAndExit("Could not get socket name", err)
		}
		fmt.Fprintf(os.Stderr, "%s%v\n", grownup.ListeningLine, sockutil.AddrPort(sa))
	}
	x.stop.watch(listenfd)
}

// family is the domain for socket(2) (grownup.Family).
func (x *extras) family(inet int) int { return grownup.Family(x.ip, inet) }

// sockaddr6 is the IPv6 address to bind, struct sockaddr_in6 (grownup.Sockaddr6).
func (x *extras) sockaddr6() unix.Sockaddr { return grownup.Sockaddr6(x.ip, x.port) }

// payload yields what to write to each connection: the tutorial's
// message, or -msg, repeated to -size bytes, in chunks of at most 64 KiB
// (grownup.Payload).
func (x *extras) payload(message string) iter.Seq[[]byte] {
	if x.msgSet {
		message = x.msg
	}
	return grownup.NewPayload(message, x.size).Chunks()
}

// another reports whether to accept another connection: the tutorial
// accepts one; -n more, until a stop (stop.go).
func (x *extras) another(listenfd int) bool { return x.stop.next(listenfd) }

// accept is the loop's accept(2): unix.Accept for the tutorial's one
// connection; with -n other than 1, the C's accept(listenfd, NULL, NULL),
// without the getsockopt(2) that unix.Accept adds on Linux (stop.go,
// accept_linux.go).
func (x *extras) accept(listenfd int) (int, unix.Sockaddr, error) { return x.stop.accept(listenfd) }

// acceptAgain reports whether, with -n other than 1, a failed accept(2) is
// to be tried again: a stop woke it (EINVAL, on Linux), the client left
// (EAGAIN, elsewhere), or the server is short of descriptors or memory for
// a moment (stop.go).
func (x *extras) acceptAgain(err error) bool { return err != nil && x.stop.acceptFailed(err) }

// accepted: the connection is in hand (stop.go); -timeout sets its
// SO_RCVTIMEO and SO_SNDTIMEO.
func (x *extras) accepted(connfd int) {
	x.stop.accepted(connfd)
	x.connFailed = false
	if x.timeout > 0 {
		if err := grownup.SetTimeouts(connfd, x.timeout); err != nil {
			sockutil.ErrorAndExit("Could not set -timeout", err)
		}
	}
}

// failed reports a failed write(2) or close(2) on a connection; the server
// goes on with the next one and exits with status 3. The C ignores both.
func (x *extras) failed(what string, err error) {
	x.connFailed = true
	x.stop.failed(what, grownup.Timeout(err, x.timeout, "the peer took nothing", "SO_SNDTIMEO"))
}

// closing comes before close(2): with -size, the lingering close
// (linger.go); a connection that a second signal cut, during its writes
// or that close, is reported and reset (stop.go); then it is no longer
// the stops' to cut.
func (x *extras) closing(connfd int) {
	if x.size > 0 && !x.connFailed {
		if err := lingeringClose(connfd, x.timeout); err != nil {
			x.failed("Could not close", err)
		}
	}
	if x.stop.wasCut() {
		if !x.connFailed {
			x.failed("Could not close", nil) // cut in the lingering close: stop.failed says so
		}
		if err := resetOnClose(connfd); err != nil {
			x.failed("Could not reset the cut connection", err)
		}
	}
	x.stop.closing()
}

// exitIfFailed exits 3 if a connection failed (stop.go); the C ignores
// what write and close return, and always exits 0.
func (x *extras) exitIfFailed() {
	if status := x.stop.exitStatus(); status != 0 {
		os.Exit(status)
	}
}
