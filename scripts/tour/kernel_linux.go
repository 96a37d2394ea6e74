//go:build linux && (amd64 || arm64)

package main

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/internal/tcpstates"
)

// The kernel's own record of the states (scripts/internal/tcpstates): the
// tour, outside the namespaces, makes a tracefs instance that records
// sock:inet_sock_set_state for port 5000, and tells the copy in each
// namespace where it is (envRecord), or why there is none (envNoRecord).
// The copy reads it after each call and shows each change of its own
// sockets. ss alone cannot: it looks between two calls, and a state that
// lasts only until a segment arrives (SYN-SENT, SYN-RECV, FIN-WAIT-1,
// LAST-ACK) is over by then.
const (
	envRecord   = "TCPSOCKET_TOUR_TRACEFS"
	envNoRecord = "TCPSOCKET_TOUR_NO_RECORD"
)

// startRecord starts the record for the tour's runs, and returns the
// environment that tells the copies of it, and a function that ends it.
// Where the machine cannot give it (tcpstates.ErrUnavailable), the
// environment says why, and the tour falls back to ss.
func startRecord() (env string, stop func() error, err error) {
	t, err := tcpstates.Start("tcpsocket-tour", port)
	switch {
	case errors.Is(err, tcpstates.ErrUnavailable):
		return envNoRecord + "=" + err.Error(), func() error { return nil }, nil
	case err != nil:
		return "", nil, err
	}
	// Nothing may fail between Start and the caller's deferred stop:
	// the instance is new, and each copy skips what came before it.
	return envRecord + "=" + t.Dir, t.Close, nil
}

// A record is the copy's reader of the kernel's record.
type record struct {
	dir        string
	done       int               // events read so far
	socks      map[string]string // skaddr -> which socket
	clientPort uint16
}

// The three sockets of the exchange, as the tour and its table name them.
const (
	listenerSock = "listener"
	serverSock   = "server's side"
	clientSock   = "client's side"
)

// A stamped line is a line of the tour with the time of what it shows:
// a state change, or a segment.
type stamped struct {
	at   time.Time
	line string
}

// openRecord opens the record named by envRecord; nil if there is none.
func openRecord() (*record, error) {
	dir := os.Getenv(envRecord)
	if dir == "" {
		return nil, nil
	}
	r := &record{dir: dir, socks: map[string]string{}}
	// What an earlier run left is not this run's.
	events, err := tcpstates.Read(dir)
	r.done = len(events)
	return r, err
}

// noRecord is the line that says why the tour has no record, or "".
func noRecord() string {
	if why := os.Getenv(envNoRecord); why != "" {
		return "kernel: no record of the states (" + why + "): ss alone, which" +
			" sees only the states that last"
	}
	return ""
}

// after returns the state changes of the exchange's sockets since the
// call before, c included. The tracepoint reports every socket on the
// machine with port 5000, those of other namespaces too, so the tour
// tells its own by the socket (skaddr): the listener is the socket that
// c's own thread put in LISTEN in listen(), the client's the one it put
// in SYN-SENT in connect(); the server's side is the socket that the
// listener's kernel made for the client's port (its first change is
// from LISTEN: it is a copy of the listener), and from then on the same
// skaddr, until the socket is closed.
func (r *record) after(c call) ([]stamped, error) {
	events, err := tcpstates.Read(r.dir)
	if err != nil {
		return nil, err
	}
	var out []stamped
	for _, e := range events[min(r.done, len(events)):] {
		name := r.socks[e.Sk]
		switch {
		case name != "":
		case !e.Softirq && e.PID == c.tid && c.nr == unix.SYS_LISTEN && e.New == "LISTEN":
			name = listenerSock
		case !e.Softirq && e.PID == c.tid && c.nr == unix.SYS_CONNECT && e.New == "SYN-SENT":
			name = clientSock
		case r.clientPort != 0 && e.SPort == port && e.DPort == r.clientPort && e.Old == "LISTEN":
			name = serverSock
		default:
			continue // another namespace's socket
		}
		r.socks[e.Sk] = name
		if e.New == "CLOSED" {
			// The kernel may free the socket now, and give its
			// memory, its skaddr, to the next socket it makes: another
			// namespace's, seen here (and the tour's own sockets are
			// all made by then).
			delete(r.socks, e.Sk)
		}
		if name == clientSock && e.SPort != 0 {
			r.clientPort = e.SPort
		}
		out = append(out, stamped{e.Time, kernelLine(name, e)})
	}
	r.done = len(events)
	return out, nil
}

// kernelLine shows one change.
func kernelLine(name string, e tcpstates.Event) string {
	old, note := e.Old, ""
	switch {
	case name == serverSock && old == "LISTEN":
		old, note = "new", ": made by the listener's kernel"
	case name == clientSock && e.New == "SYN-SENT":
		old = "new"
	case name == listenerSock && e.New == "LISTEN":
		old = "new"
	case old == "FIN-WAIT-2" && e.New == "CLOSED":
		note = ": handed to a TIME-WAIT socket"
	}
	return fmt.Sprintf("kernel: %-14s %s -> %s%s", name+":", old, e.New, note)
}

// inOrder sorts lines by their time.
func inOrder(lines []stamped) []stamped {
	slices.SortStableFunc(lines, func(a, b stamped) int { return a.at.Compare(b.at) })
	return lines
}
