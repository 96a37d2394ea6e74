package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

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

// chunkSize bounds what one write(2) is asked to send, and so the memory
// that -size needs, whatever the size.
const chunkSize = 64 << 10

// A payload is what the server writes to each connection: size bytes of
// msg repeated and cut at size.
type payload struct {
	size int64
	// pattern is msg repeated to at least chunkSize+len(msg) bytes, or
	// exactly msg when the payload is the message once: any chunk of the
	// payload is a slice of it, starting at its offset modulo len(msg).
	pattern []byte
	msgLen  int
}

func newPayload(msg string, size int64) payload {
	if size == 0 || size == int64(len(msg)) {
		return payload{size: int64(len(msg)), pattern: []byte(msg), msgLen: len(msg)}
	}
	n := min(size, chunkSize) + int64(len(msg))
	return payload{size: size, pattern: []byte(strings.Repeat(msg, int(n)/len(msg)+1)), msgLen: len(msg)}
}

// send writes the payload to fd in chunks of at most chunkSize bytes.
func (p payload) send(write func(int, []byte) (int, error), fd int) error {
	for sent := int64(0); sent < p.size; {
		start := int(sent % int64(p.msgLen))
		n := min(p.size-sent, int64(len(p.pattern)-start), chunkSize)
		if err := sockutil.Writen(write, fd, p.pattern[start:start+int(n)]); err != nil {
			return err
		}
		sent += n
	}
	return nil
}

// A session counts the connections that failed and, when the server serves
// more than one (-n other than 1), ends it on SIGINT or SIGTERM: at once if
// it waits in accept(), after the connection it is serving otherwise.
type session struct {
	mu       sync.Mutex
	inAccept bool
	stopping bool
	failures int
}

func newSession(connections int64) *session {
	s := &session{}
	if connections != 1 {
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, os.Interrupt, unix.SIGTERM)
		go s.stopOn(sigs)
	}
	return s
}

func (s *session) stopOn(sigs <-chan os.Signal) {
	<-sigs
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopping = true
	if s.inAccept {
		os.Exit(s.status())
	}
}

// stopRequested is called before accept(): it reports whether a signal
// asked the server to stop; if not, the server is now waiting in accept.
func (s *session) stopRequested() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inAccept = !s.stopping
	return s.stopping
}

// serving is called when accept() has returned a connection.
func (s *session) serving() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inAccept = false
}

// failed reports a connection that failed. The server goes on with the
// next one; its exit status will be ExitConnFailed.
func (s *session) failed(what string, err error) {
	fmt.Fprintln(os.Stdout, sockutil.Message(what, err))
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures++
}

func (s *session) exitStatus() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status()
}

func (s *session) status() int {
	if s.failures > 0 {
		return sockutil.ExitConnFailed
	}
	return sockutil.ExitSuccess
}
