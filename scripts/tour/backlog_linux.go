//go:build linux && (amd64 || arm64)

package main

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/internal/ss"
	"tcpsocket/scripts/lab"
)

// clients is how many clients the backlog part starts: more than the
// listen queue holds.
const clients = 15

// backlog shows listen()'s 10: the server runs to its accept() and is held
// there, and 15 clients connect. Linux completes a handshake only while
// the listener's accept queue is not full: sk_acceptq_is_full
// (include/net/sock.h) is "ack backlog > max ack backlog", so it takes
// backlog + 1 = 11 connections, and tcp_conn_request
// (net/ipv4/tcp_input.c) drops the SYNs after that, which the clients'
// kernels send again (after 1 s, then 2 s more, ...). Then accept() runs.
func backlog(server, client string) ([]string, error) {
	runtime.LockOSThread() // every ptrace request from this thread
	defer runtime.UnlockOSThread()
	s := newStepper()
	defer s.stop()
	srv, err := s.start("server", []string{"listenfd", "connfd"}, server)
	if err != nil {
		return nil, err
	}
	var lines []string
	say := func(format string, a ...any) { lines = append(lines, fmt.Sprintf(format, a...)) }
	for _, want := range []string{"socket", "bind", "listen"} {
		name, err := s.next(srv)
		if err != nil {
			return nil, fmt.Errorf("the server's %s: %w", want, err)
		}
		if name != want {
			return nil, fmt.Errorf("the server made %s where the tutorial makes %s", name, want)
		}
		if _, err := s.run(srv); err != nil {
			return nil, err
		}
		if err := s.resume(); err != nil {
			return nil, err
		}
	}
	name, err := s.next(srv)
	if err != nil {
		return nil, fmt.Errorf("the server's accept: %w", err)
	}
	if name != "accept" && name != "accept4" {
		return nil, fmt.Errorf("the server made %s where the tutorial makes accept", name)
	}
	say("server  listen(listenfd, 10) = 0, and held at the entry of %s(listenfd, ...): nothing accepts", srv.held.callName())
	var cls []*lab.Process
	defer func() {
		for _, c := range cls {
			c.Stop()
		}
	}()
	var states []string
	for i := range clients {
		c, err := startClient(client)
		if err != nil {
			return nil, err
		}
		cls = append(cls, c)
		if states, err = settle(s, i+1); err != nil {
			return nil, err
		}
	}
	say("%d clients connect; once the kernel has done what it will without accept():", clients)
	for _, l := range states {
		say("        %s", l)
	}

	// accept() runs: the tutorial's server takes one connection, writes
	// to it, closes it and exits; its listening socket goes with it.
	for !srv.exited {
		if srv.held != nil {
			if _, err := s.run(srv); err != nil {
				return nil, err
			}
			if err := s.resume(); err != nil {
				return nil, err
			}
			continue
		}
		if err := s.wait(); err != nil {
			return nil, err
		}
	}
	say("server  accept() runs: the server takes one connection, writes, closes it, and exits; the kernel closes its listening socket")
	outcomes := map[string]int{}
	for _, c := range cls {
		r, err := c.Wait()
		if err != nil && r.Signal == 0 {
			return nil, err
		}
		outcomes[outcome(r)]++
	}
	var tally []string
	for o, n := range outcomes {
		tally = append(tally, fmt.Sprintf("%2d %s", n, o))
	}
	slices.Sort(tally)
	slices.Reverse(tally)
	say("the %d clients:", clients)
	for _, t := range tally {
		say("        %s", t)
	}
	return lines, nil
}

func (t *thread) callName() string { return callName(t.call.nr) }

// startClient starts one client, bounded by clientTimeout, and killed if
// the tour dies (PR_SET_PDEATHSIG). The clients are started from another
// thread: the stepper waits (__WNOTHREAD, wait(2)) only for the children
// and tracees of its own thread, and must not reap these, which process
// reaps.
func startClient(client string) (*lab.Process, error) {
	started := make(chan error, 1)
	c := lab.New(clientTimeout, client)
	c.Cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	go func() { started <- c.Start() }()
	return c, <-started
}

// clientTimeout bounds each backlog client: the queued ones are reset as
// soon as the server exits, and the SYN of the others, sent again 1 s and
// 3 s after the first (tcp_syn_retries, tcp(7)), is refused: seconds.
var clientTimeout = lab.Timeout / 3

// settle waits until the kernel has done what it will with the n clients
// started so far, serving the server's other threads meanwhile: every
// client's socket ESTAB (its connection queued: the listener's Recv-Q
// counts it) or SYN-SENT (its SYN dropped), none half-way (SYN-RECV). Then
// it returns the listener's line and the counts. Started together, two
// clients can both find room in the queue for their SYN and the second's
// handshake ends half-open when its ACK finds the queue full
// (tcp_v4_syn_recv_sock, net/ipv4/tcp_ipv4.c): its client is ESTAB, the
// server's kernel never queued it, and the closing listener does not reset
// it (seen: one tour in ten, the client waiting in read() until killed).
// One at a time, the count is the kernel's rule and nothing else.
func settle(s *stepper, n int) ([]string, error) {
	var last string
	for time.Now().Before(s.deadline) {
		if err := s.poll(); err != nil {
			return nil, err
		}
		counts := map[string]int{}
		listener, queued := "", -1
		sockets, err := snapshot()
		if err != nil {
			return nil, err
		}
		for _, l := range sockets {
			f := strings.Fields(l)
			switch {
			case f[0] == "LISTEN":
				listener, queued = l, atoi(f[1])
			case strings.HasSuffix(f[len(f)-1], ":5000"): // a client's side
				counts[f[0]]++
			default:
				counts["server "+f[0]]++
			}
		}
		last = fmt.Sprintf("ss: %s\nss: %s\nss: %d client sockets ESTAB: connect() has returned, the connection waits in the listen queue\nss: %d client sockets SYN-SENT: the SYN was dropped, the client's kernel will send it again",
			ss.Header, listener, counts["ESTAB"], counts["SYN-SENT"])
		if counts["ESTAB"]+counts["SYN-SENT"] == n && queued == counts["ESTAB"] && counts["server SYN-RECV"] == 0 {
			return strings.Split(last, "\n"), nil
		}
		time.Sleep(2 * time.Millisecond)
	}
	return nil, fmt.Errorf("the sockets of %d clients did not settle: %s", n, last)
}

// poll handles the stops that are waiting, without waiting for more
// (wait4(2) with WNOHANG: 0 when no traced thread has stopped or ended).
// What wait(2) says of its errors here: EINTR, a signal came before any
// was reaped, so ask again; ECHILD, this thread has no child or tracee
// left (the clients, started from another thread, are not its children
// for __WNOTHREAD): with no traced thread on record that is simply nothing
// to wait for, but with threads on record they ended unseen, and the
// stepper's picture is wrong. Anything else is returned.
func (s *stepper) poll() error {
	for {
		var ws unix.WaitStatus
		tid, err := unix.Wait4(-1, &ws, unix.WALL|unix.WNOTHREAD|unix.WNOHANG, nil)
		switch {
		case errors.Is(err, unix.EINTR):
			continue
		case errors.Is(err, unix.ECHILD) && len(s.threads) == 0:
			return nil
		case errors.Is(err, unix.ECHILD):
			return fmt.Errorf("wait4 for the traced threads' stops: %w: the %d threads on record ended unseen", err, len(s.threads))
		case err != nil:
			return fmt.Errorf("wait4 for the traced threads' stops: %w", err)
		case tid == 0:
			return nil
		}
		if err := s.handle(tid, ws); err != nil {
			return err
		}
	}
}

// outcome is what a client's run came to, in words that the C's and the
// Go's messages share.
func outcome(r lab.Result) string {
	switch {
	case r.Code == 0 && r.Stdout == "Server Message":
		return `printed "Server Message": the connection accept() took`
	case strings.HasPrefix(r.Stdout, "Error : Read error"):
		return "Error : Read error: connected, then reset when the listening socket closed with the connection still queued"
	case strings.HasPrefix(r.Stdout, "Error : Connect Failed"):
		return "Error : Connect Failed: the SYN, sent again, met no listener and was refused"
	case r.Signal == syscall.SIGKILL:
		return fmt.Sprintf("no end within %v: killed (a connection that no one reset)", clientTimeout)
	}
	return fmt.Sprintf("something else: %v", r)
}
