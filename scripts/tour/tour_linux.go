//go:build linux && (amd64 || arm64)

package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/internal/ss"
)

// The tutorial's port: in a namespace of its own, each pair can use it.
const port = 5000

// A step of the tour: which program makes its next socket call, and which
// call that must be (the tutorial's order; a program that makes another
// has left the tutorial, and the tour says so).
type step struct {
	who   string // "server" or "client"
	calls []string
}

// The tutorial's exchange, in the order the tour lets the calls run. The
// server is let run to its accept() and held there, at the call's entry,
// so that the client's connect() comes first and the kernel's handshake
// can be seen without accept().
var tutorial = []step{
	{"server", []string{"socket"}},
	{"server", []string{"bind"}},
	{"server", []string{"listen"}},
	{"client", []string{"socket"}},
	{"client", []string{"connect"}},
	{"server", []string{"accept", "accept4"}},
	{"server", []string{"write"}},
	{"client", []string{"read"}},
	{"server", []string{"close"}},
	{"server", []string{"exit_group"}},
	{"client", []string{"read"}},
	{"client", []string{"exit_group"}},
}

// tour steps the pair through the tutorial's exchange and returns what it
// saw: each call as strace would show it, and after it, the kernel's
// sockets as ss -tan lists them. With interactive, it waits for Enter
// before each call, and prints as it goes.
//
// With rec, after each call it shows each change of a socket's state
// that the kernel recorded since the call before, in order (kernel_linux.go).
//
// With segments (make diagram), after each call it also shows the TCP
// segments that crossed the loopback since the call before, as make wire
// names them: segments returns the lines not shown yet. They come in order
// among the kernel's record, and a line "returned" says where the call
// returned.
func tour(server, client string, interactive bool, live func(string), rec *record, segments func() ([]stamped, error)) ([]string, error) {
	runtime.LockOSThread() // every ptrace request from this thread
	defer runtime.UnlockOSThread()
	s := newStepper()
	defer s.stop()
	srv, err := s.start("server", []string{"listenfd", "connfd"}, server)
	if err != nil {
		return nil, err
	}
	cl, err := s.start("client", []string{"sockfd"}, client)
	if err != nil {
		return nil, err
	}
	var lines []string
	say := func(format string, a ...any) {
		line := fmt.Sprintf(format, a...)
		lines = append(lines, line)
		live(line)
	}
	if note := noRecord(); note != "" {
		say("        %s", note)
	}
	say("        ss: %s", ss.Header)
	for _, st := range tutorial {
		p := srv
		if st.who == "client" {
			p = cl
		}
		name, err := s.next(p)
		if err != nil {
			return lines, err
		}
		if !slices.Contains(st.calls, name) {
			return lines, fmt.Errorf("the %s made %s where the tutorial makes %s", p.name, name, strings.Join(st.calls, " or "))
		}
		if interactive {
			live(fmt.Sprintf("%s: next, %s: press Enter to let it run", p.name, name))
			fmt.Scanln()
		}
		c, err := s.run(p)
		if err != nil {
			return lines, err
		}
		returned := time.Now() // the tracer's, once the call has returned
		shown, err := p.format(c)
		if err != nil {
			return lines, err
		}
		say("%-6s  %s", p.name, shown)
		now, err := settled()
		if err != nil {
			return lines, err
		}
		var happened []stamped
		if rec != nil {
			if happened, err = rec.after(c); err != nil {
				return lines, err
			}
		}
		if segments != nil {
			segs, err := segments()
			if err != nil {
				return lines, err
			}
			happened = append(happened, segs...)
			happened = append(happened, stamped{returned, "returned"})
		}
		for _, h := range inOrder(happened) {
			say("        %s", h.line)
		}
		for _, l := range now {
			say("        ss: %s", l)
		}
		if name == "bind" {
			say("        %s", secondBind())
		}
		if err := s.resume(); err != nil {
			return lines, err
		}
	}
	return lines, nil
}

// format shows a call as strace does, the descriptors named as the C names
// them. It fails only where the program's memory cannot be read.
func (p *proc) format(c call) (string, error) {
	fd := func(i int) string {
		if name, ok := p.fds[int(c.args[i])]; ok {
			return name
		}
		return fmt.Sprint(c.args[i])
	}
	result := fmt.Sprint(c.ret)
	if c.ret < 0 {
		result = "-1 " + unix.ErrnoName(unix.Errno(-c.ret))
	} else if c.nr == unix.SYS_SOCKET || c.nr == unix.SYS_ACCEPT || c.nr == unix.SYS_ACCEPT4 {
		result = p.fds[int(c.ret)]
	}
	var s string
	var err error
	switch c.nr {
	case unix.SYS_SOCKET:
		domain := map[uint64]string{unix.AF_INET: "AF_INET", unix.AF_INET6: "AF_INET6"}[c.args[0]]
		s = fmt.Sprintf("socket(%s, SOCK_STREAM, %d)", domain, c.args[2])
	case unix.SYS_BIND, unix.SYS_CONNECT:
		var addr string
		addr, err = p.sockaddr(c.tid, uintptr(c.args[1]))
		s = fmt.Sprintf("%s(%s, %s, %d)", callName(c.nr), fd(0), addr, c.args[2])
	case unix.SYS_LISTEN:
		s = fmt.Sprintf("listen(%s, %d)", fd(0), c.args[1])
	case unix.SYS_ACCEPT, unix.SYS_ACCEPT4:
		s = fmt.Sprintf("%s(%s, NULL, NULL)", callName(c.nr), fd(0))
		if c.args[1] != 0 {
			s = fmt.Sprintf("%s(%s, &addr, &addrlen)", callName(c.nr), fd(0))
		}
	case unix.SYS_READ, unix.SYS_WRITE:
		var buf []byte
		buf, err = peek(c.tid, uintptr(c.args[1]), int(max(c.ret, 0)))
		s = fmt.Sprintf("%s(%s, %q, %d)", callName(c.nr), fd(0), buf, c.args[2])
	case unix.SYS_CLOSE:
		s = fmt.Sprintf("close(%s)", fd(0))
	case unix.SYS_EXIT_GROUP:
		return fmt.Sprintf("exit_group(%d): the kernel closes every descriptor left open", c.args[0]), nil
	}
	if err != nil {
		return "", fmt.Errorf("the %s's %s: %w", p.name, callName(c.nr), err)
	}
	return s + " = " + result, nil
}

// sockaddr reads a struct sockaddr_in from the memory of the program of
// thread tid; another family is shown as "{...}".
func (p *proc) sockaddr(tid int, addr uintptr) (string, error) {
	b, err := peek(tid, addr, 16)
	if err != nil {
		return "", err
	}
	if len(b) < 8 || binary.LittleEndian.Uint16(b) != unix.AF_INET {
		return "{...}", nil
	}
	ip := netip.AddrFrom4([4]byte(b[4:8]))
	return fmt.Sprintf("{AF_INET, %v}", netip.AddrPortFrom(ip, binary.BigEndian.Uint16(b[2:4]))), nil
}

// peek reads n bytes (64 at most) of the memory of the program of thread
// tid (PTRACE_PEEKDATA), which must be stopped: the thread that made the
// call, at its exit; another thread may be running. A failure (EFAULT: the
// address is not mapped; ESRCH: the thread is no longer stopped, or gone)
// is an error: a call shown without its bytes would be a wrong line.
func peek(tid int, addr uintptr, n int) ([]byte, error) {
	b := make([]byte, min(n, 64))
	got, err := unix.PtracePeekData(tid, addr, b)
	if err != nil {
		return nil, fmt.Errorf("ptrace(PTRACE_PEEKDATA) of %d bytes at %#x in thread %d: %w", len(b), addr, tid, err)
	}
	return b[:got], nil
}

// snapshot is ss.Sockets for the tutorial's port.
func snapshot() ([]string, error) { return ss.Sockets(port) }

// settled is the kernel's sockets once they have settled: ss -tan again
// until it shows no socket in a state that waits for a segment on its way
// (SYN-SENT, SYN-RECV, FIN-WAIT-1, CLOSING, LAST-ACK) or data not yet
// acknowledged (unacked), and two looks agree;
// at most a second. On loopback every such segment comes within a fraction
// of that: the slowest is the ACK of the server's FIN, which the client's
// kernel delays (at most TCP_DELACK_MAX, 200 ms, include/net/tcp.h), so
// FIN-WAIT-1 is seen only in passing and the tour shows FIN-WAIT-2. One
// look would show either, by timing, and now and then a socket half-way to
// TIME-WAIT (UNCONN, no local port).
func settled() ([]string, error) {
	deadline := time.Now().Add(time.Second)
	last, err := snapshot()
	if err != nil {
		return nil, err
	}
	for time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
		now, err := snapshot()
		if err != nil {
			return nil, err
		}
		if slices.Equal(now, last) && !slices.ContainsFunc(now, inPassing) && !slices.ContainsFunc(now, unacked) {
			return now, nil
		}
		last = now
	}
	return last, nil
}

// unacked reports whether an ss line shows a connection with data sent and
// not yet acknowledged (Send-Q above 0; a listener's Send-Q is its backlog):
// the data's segment and its ACK are still on their way. Settled waits for
// them, so that the call that sent the data is shown with both (make
// diagram); under load the receiving side's work can wait for ksoftirqd.
func unacked(line string) bool {
	f := strings.Fields(line)
	return len(f) >= 3 && f[0] != "LISTEN" && f[2] != "0"
}

// inPassing reports whether an ss line shows a socket in a state that
// lasts until a segment on its way arrives (RFC 9293, 3.3.2).
func inPassing(line string) bool {
	switch strings.Fields(line)[0] {
	case "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "CLOSING", "LAST-ACK", "UNCONN":
		return true
	}
	return false
}

func atoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}

// secondBind shows that the port is taken though ss lists nothing: a
// second socket's bind to it fails.
func secondBind() string {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return "a second socket: " + err.Error()
	}
	defer unix.Close(fd)
	err = unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: port})
	if err == nil {
		return "a second socket's bind to 127.0.0.1:5000 = 0: the port was free"
	}
	var errno unix.Errno
	if !errors.As(err, &errno) {
		return "a second socket's bind to 127.0.0.1:5000: " + err.Error()
	}
	return fmt.Sprintf("a second socket's bind to 127.0.0.1:5000 = -1 %s: the port is taken all the same", unix.ErrnoName(errno))
}
