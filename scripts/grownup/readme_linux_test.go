package grownup_test

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// The chapter's runs that rest on Linux's rules, each named where it is
// used: TIME_WAIT and SO_REUSEADDR, what a reset does to the data, the
// reset that cuts a connection at once, prlimit(1) and /dev/full. They
// learn when a step has happened from the kernel's own table of TCP
// sockets, /proc/net/tcp (proc(5)), never by sleeping.

// serverSide reads /proc/net/tcp for the server's side of a connection on
// port 127.0.0.1:port: the socket whose local port is port, in state 01,
// TCP_ESTABLISHED (include/net/tcp_states.h), and returns its send and
// receive queues in bytes (tx_queue, rx_queue); ok is false if there is
// none. A connection the server has not yet accepted is there too: the
// kernel made it, and queued it for accept(2).
func serverSide(t *testing.T, port int) (tx, rx int64, ok bool) {
	t.Helper()
	f, err := os.Open("/proc/net/tcp")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	local := fmt.Sprintf("0100007F:%04X", port)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 5 || fields[1] != local || fields[3] != "01" {
			continue
		}
		txs, rxs, _ := strings.Cut(fields[4], ":")
		tx, err1 := strconv.ParseInt(txs, 16, 64)
		rx, err2 := strconv.ParseInt(rxs, 16, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("/proc/net/tcp: queues %q", fields[4])
		}
		return tx, rx, true
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return 0, 0, false
}

// socketsOn returns the lines of /proc/net/tcp that name port, local or
// remote: what a failed wait saw last.
func socketsOn(port int) string {
	raw, err := os.ReadFile("/proc/net/tcp")
	if err != nil {
		return err.Error()
	}
	var lines []string
	for _, l := range strings.Split(string(raw), "\n") {
		if strings.Contains(l, fmt.Sprintf(":%04X ", port)) {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	return strings.Join(lines, "\n")
}

// waitServerSide waits, at most lab.Timeout, until cond holds for
// the server's side of the connection on port (serverSide).
func waitServerSide(t *testing.T, port int, what string, cond func(tx, rx int64, ok bool) bool) {
	t.Helper()
	deadline := time.Now().Add(lab.Timeout)
	for i := 1; ; i++ {
		if cond(serverSide(t, port)) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server's side of the connection on port %d: not %s within %v; the port's sockets in /proc/net/tcp (state 01 ESTABLISHED, 03 SYN_RECV, 0A LISTEN):\n%s", port, what, lab.Timeout, socketsOn(port))
		}
		<-time.After(time.Duration(min(i, 20)) * time.Millisecond)
	}
}

// writing waits until the server on port has accepted the connection and
// written to it: its send queue holds bytes the peer has not taken.
func writing(t *testing.T, port int) {
	t.Helper()
	waitServerSide(t, port, "accepted and written to", func(tx, _ int64, ok bool) bool { return ok && tx > 0 })
}

// requireTimeWait skips the test unless the kernel keeps port in
// TIME_WAIT: a bind(2) without SO_REUSEADDR must fail with EADDRINUSE
// (inet_csk_bind_conflict, net/ipv4/inet_connection_sock.c). A kernel whose
// TIME_WAIT table is full (net.ipv4.tcp_max_tw_buckets) keeps none, and
// frees the port at once (tcp_time_wait, net/ipv4/tcp_minisocks.c).
func requireTimeWait(t *testing.T, port int) {
	t.Helper()
	fd, err := lab.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	switch err := unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: port}); {
	case err == nil:
		t.Skipf("the kernel kept no TIME_WAIT for 127.0.0.1:%d: its TIME_WAIT table may be full (net.ipv4.tcp_max_tw_buckets)", port)
	case err != unix.EADDRINUSE:
		t.Fatalf("bind to 127.0.0.1:%d to check its TIME_WAIT: %v", port, err)
	}
}

// The side that closes first keeps the connection in TIME_WAIT for 60 s
// (TCP_TIMEWAIT_LEN, include/net/tcp.h): in the tutorial, the server. A
// server started again on its port within that minute cannot bind it. On
// Linux, SO_REUSEADDR (socket(7)) binds through a TIME_WAIT only if the
// socket that left it had SO_REUSEADDR too (inet_csk_bind_conflict wants
// both sockets' sk_reuse), so -reuseaddr works when every run has it.
func TestReadmeTimeWait(t *testing.T) {
	t.Parallel()
	tutorial, grown := sockettest.Build(t), sockettest.BuildGrownUp(t)

	srv, port := tutorialServer(t, tutorial.Server)
	p := strconv.Itoa(port)
	tr := newTranscript(t, port)
	tr.cmd("bin/server &")
	tr.cmd("bin/client")
	tr.out(sockettest.Run(t, tutorial.Client, "-port", p).Stdout)
	srv.MustWait(t) // exited: the port is held by the TIME_WAIT alone
	requireTimeWait(t, port)
	tr.cmd("bin/server")
	tr.out(sockettest.RunFailing(t, tutorial.Server, "-port", p).Stdout)
	tr.cmd("bin/grownup-server -reuseaddr")
	tr.out(sockettest.RunFailing(t, grown.Server, "-reuseaddr", "-port", p).Stdout)
	tr.check("timewait")

	tr = newTranscript(t)
	for i := range 2 {
		// The first run's port, held by its TIME_WAIT, is the second's.
		var srv *sockettest.Process
		if i == 0 {
			first := grownUp(t, grown.Server, "-reuseaddr")
			srv, port, p = first.Process, first.Port, strconv.Itoa(first.Port)
			tr.port(port)
		} else {
			srv = listening(t, port, grown.Server, "-reuseaddr")
		}
		tr.cmd("bin/grownup-server -reuseaddr &")
		tr.cmd("bin/grownup-client")
		tr.out(sockettest.Run(t, grown.Client, "-port", p).Stdout)
		if r := srv.MustWait(t); r.Code != 0 {
			t.Fatalf("server, run %d: %v", i+1, r)
		}
		if i == 0 {
			requireTimeWait(t, port)
		}
	}
	tr.check("reuseaddr")
}

// A peer that sends first, as a client with a request does: the
// tutorial's server never reads it, and closing a socket that holds
// unread data sends a reset instead of a FIN (RFC 1122, 4.2.2.13;
// tcp_close in net/ipv4/tcp.c: "data_was_unread"). The peer gets the 14
// bytes, which Linux keeps for it (tcp_reset in net/ipv4/tcp_input.c
// leaves the receive queue alone, and tcp_recvmsg returns what is queued
// before the error), then ECONNRESET where its end of file should be. The
// grown-up server's -size reads what the peer sent before it closes:
// the peer gets every byte, then its end of file.
//
// The tutorial's server is stopped (SIGSTOP) until the peer's hello is in
// its connection's receive queue, as the block shows: otherwise the server
// may close before the hello comes, send a FIN, and the peer then read an
// end of file (about one run in three with both CPUs busy).
func TestReadmeTalksFirst(t *testing.T) {
	t.Parallel()
	tutorial, grown := sockettest.Build(t), sockettest.BuildGrownUp(t)
	srv, port := tutorialServer(t, tutorial.Server)
	tr := newTranscript(t, port)
	tr.cmd("bin/server &")
	tr.cmd("kill -STOP %%1")
	if err := srv.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	peer := startPeer(t, port, "echo hello >&3", "cat <&3 | wc -c; exec 3<&-")
	tr.cmd("exec 3<>/dev/tcp/127.0.0.1/5000; echo hello >&3")
	waitServerSide(t, port, "holding the peer's hello", func(_, rx int64, ok bool) bool { return ok && rx == int64(len("hello\n")) })
	tr.cmd("kill -CONT %%1; cat <&3 | wc -c; exec 3<&-")
	if err := srv.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	peer.proceed()
	pr := peer.MustWait(t)
	tr.out(pr.Stderr, pr.Stdout)
	if r := srv.MustWait(t); r.Code != 0 {
		t.Errorf("server: %v", r)
	}
	tr.check("reset-on-close")

	lingering := grownUp(t, grown.Server, "-size", "1048576")
	tr = newTranscript(t, lingering.Port)
	tr.cmd("bin/grownup-server -size 1048576 &")
	tr.cmd("exec 3<>/dev/tcp/127.0.0.1/5000; echo hello >&3")
	tr.cmd("cat <&3 | wc -c; exec 3<&-")
	peer = startPeer(t, lingering.Port, "echo hello >&3", "cat <&3 | wc -c; exec 3<&-")
	peer.proceed()
	pr = peer.MustWait(t)
	tr.out(pr.Stderr, pr.Stdout)
	tr.cmd("wait %%1; echo $?")
	tr.status(lingering.MustWait(t))
	tr.check("lingering-close")
}

// Stops. The grown-up server with -n 1, as the tutorial's, asks for no
// signal: SIGTERM ends it by the signal's default action (signal(7)),
// mid-transfer, and its kernel sends what it had queued and then a FIN, an
// end of file, so the peer gets part of the stream and no sign that it is
// cut short. With -n 0, the first SIGTERM lets the connection in hand
// finish: the peer gets all 64 MiB. A second SIGTERM cuts it: the server
// says so, exits 3, and the connection ends with a reset (tcp_disconnect,
// net/ipv4/tcp.c, on Linux), so the peer's read(2) fails with ECONNRESET.
//
// The peer holds the connection and reads nothing until the test lets it,
// and 64 MiB is more than both sockets' buffers hold: each signal comes
// while the server waits in write(2).
func TestReadmeStop(t *testing.T) {
	t.Parallel()
	grown := sockettest.BuildGrownUp(t)
	const size = 64 << 20
	const notice = "grownup-server: SIGTERM: accepting no more"

	srv := grownUp(t, grown.Server, "-size", strconv.Itoa(size))
	tr := newTranscript(t, srv.Port)
	tr.cmd("bin/grownup-server -size %d &", size)
	peer := startPeer(t, srv.Port, "", "cat <&3 | wc -c; exec 3<&-")
	tr.cmd("exec 3<>/dev/tcp/127.0.0.1/5000")
	writing(t, srv.Port)
	tr.cmd("kill -TERM %%1; wait %%1; echo $?")
	if err := srv.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	r := srv.MustWait(t)
	tr.out(r.Stdout, r.Stderr)
	tr.status(r)
	tr.cmd("cat <&3 | wc -c; exec 3<&-")
	peer.proceed()
	pr := peer.MustWait(t)
	tr.out(pr.Stderr, pr.Stdout)
	// How much of the stream had left the server when it died depends on
	// when the signal came: any part of it, but not the whole.
	count := regexp.MustCompile(`^\d+$`)
	tr.checkNormalised("stop-dies", func(line string) string {
		if n, err := strconv.Atoi(line); count.MatchString(line) && err == nil && n > 0 && n < size {
			return "(a part of the stream)"
		}
		return line
	})

	for _, cut := range []bool{false, true} {
		srv := grownUp(t, grown.Server, "-n", "0", "-size", strconv.Itoa(size))
		tr := newTranscript(t, srv.Port)
		tr.cmd("bin/grownup-server -n 0 -size %d &", size)
		read := "cat <&3 | wc -c; exec 3<&-"
		if cut {
			read = "cat <&3 >/dev/null; exec 3<&-"
		}
		peer := startPeer(t, srv.Port, "", read)
		tr.cmd("exec 3<>/dev/tcp/127.0.0.1/5000")
		writing(t, srv.Port)
		tr.cmd("kill -TERM %%1")
		if err := srv.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		srv.MustWaitStderr(t, notice)
		tr.out(srv.Stderr())
		if cut {
			// Signals of one kind sent at once may arrive as one (signal(7):
			// standard signals are not queued): the second goes once the
			// server has said it is stopping, as a learner's would.
			tr.cmd("kill -TERM %%1; wait %%1; echo $?")
			if err := srv.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			r := srv.MustWait(t)
			tr.out(r.Stdout)
			tr.status(r)
		}
		tr.cmd("%s", read)
		peer.proceed()
		pr := peer.MustWait(t)
		tr.out(pr.Stderr, pr.Stdout)
		if !cut {
			tr.cmd("wait %%1; echo $?")
			r := srv.MustWait(t)
			tr.out(r.Stdout)
			tr.status(r)
			tr.check("stop-finishes")
		} else {
			tr.check("stop-cut")
		}
	}
}

// The tutorial's server ignores what write(2) returns and exits 0; the
// grown-up server reports the failure and exits 3. The peer resets its
// connection (SO_LINGER with a time of 0, then close(2): socket(7)) before
// the server, stopped by SIGSTOP, accepts it: Linux's accept(2) still
// returns the connection, and the write fails with ECONNRESET (tcp_reset
// sets sk_err). No command of a shell makes a reset, so the test's own
// peer does, and the block says so.
func TestReadmeWriteFailure(t *testing.T) {
	t.Parallel()
	tutorial, grown := sockettest.Build(t), sockettest.BuildGrownUp(t)
	tr := newTranscript(t)
	for i, prog := range []struct{ name, bin string }{{"server", tutorial.Server}, {"grownup-server", grown.Server}} {
		var srv *sockettest.Process
		var port int
		if i == 0 {
			srv, port = tutorialServer(t, prog.bin)
		} else {
			s := grownUp(t, prog.bin)
			srv, port = s.Process, s.Port
		}
		tr.port(port)
		tr.cmd("bin/%s &", prog.name)
		tr.cmd("kill -STOP %%1")
		if err := srv.Signal(syscall.SIGSTOP); err != nil {
			t.Fatal(err)
		}
		waitStopped(t, srv)
		if i == 0 {
			tr.note("the test's peer connects, then resets the connection: SO_LINGER 0, then close()")
		} else {
			tr.note("the same peer again")
		}
		resetBeforeAccept(t, port, srv)
		tr.cmd("kill -CONT %%1; wait %%1; echo $?")
		if err := srv.Signal(syscall.SIGCONT); err != nil {
			t.Fatal(err)
		}
		r := srv.MustWait(t)
		tr.out(r.Stdout)
		tr.status(r)
	}
	tr.check("write-failure")
}

// resetBeforeAccept connects to port and resets the connection, and
// returns once the server's side of it is gone from the kernel's table:
// the reset has reached it (tcp_reset closes it, tcp_done).
func resetBeforeAccept(t *testing.T, port int, srv *sockettest.Process) {
	t.Helper()
	conn, err := net.DialTimeout("tcp4", "127.0.0.1:"+strconv.Itoa(port), lab.Timeout)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if t.Failed() {
			t.Logf("the server, meant to be stopped: state %s; %v", procState(srv.Pid()), srv.Stderr())
		}
	}()
	waitServerSide(t, port, "made", func(_, _ int64, ok bool) bool { return ok })
	if err := conn.(*net.TCPConn).SetLinger(0); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	waitServerSide(t, port, "reset", func(_, _ int64, ok bool) bool { return !ok })
}

// With -n other than 1, a server short of descriptors does not end: when
// accept(2) fails with EMFILE (the process has as many open as
// RLIMIT_NOFILE allows: getrlimit(2)), it says so, pauses and tries again,
// and the client waits in the listen queue meanwhile. prlimit(1) changes
// the running server's limit; /proc/PID/fd lists its descriptors (proc(5)).
// The tutorial's server would exit: "Error : Could not accept".
func TestReadmeShortOfDescriptors(t *testing.T) {
	t.Parallel()
	if lab.Emulator != "" {
		t.Skip("under qemu-user the emulator holds descriptors of its own in the server's process")
	}
	prlimit := sockettest.RequireTool(t, "prlimit")
	grown := sockettest.BuildGrownUp(t)
	srv := grownUp(t, grown.Server, "-n", "0")
	port := srv.Port
	tr := newTranscript(t, port)
	tr.cmd("bin/grownup-server -n 0 & srv=$!")
	pid := strconv.Itoa(srv.Pid())
	// A limit of 3 lets the process have descriptors 0 to 2 and no other:
	// those it has open above them stay open, and it can open none
	// (getrlimit(2): "a value one greater than the maximum file descriptor
	// number that can be opened").
	tr.cmd("prlimit --pid $srv --nofile=3:")
	tr.out(sockettest.Run(t, prlimit, "--pid", pid, "--nofile=3:").Stdout)
	tr.cmd("bin/grownup-client &")
	cl := sockettest.Start(t, grown.Client, "-port", strconv.Itoa(port))
	const short = "grownup-server: Could not accept: too many open files (EMFILE); trying again in 5ms"
	srv.MustWaitStderr(t, short)
	for _, line := range strings.SplitAfter(srv.Stderr(), "\n") {
		if strings.HasPrefix(line, short) {
			tr.out(line)
			break
		}
	}
	tr.cmd("prlimit --pid $srv --nofile=64:")
	tr.out(sockettest.Run(t, prlimit, "--pid", pid, "--nofile=64:").Stdout)
	tr.out(cl.MustWait(t).Stdout)
	tr.cmd("kill -TERM $srv; wait $srv; echo $?")
	if err := srv.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	r := srv.MustWait(t)
	tr.out(r.Stdout)
	tr.status(r)
	// The pause doubles while the shortage lasts: how many times it was
	// said depends on how soon the limit went up. The block shows the first.
	again := regexp.MustCompile(`^grownup-server: Could not accept: too many open files \(EMFILE\); trying again in (\d+ms|1s) \(the connection waits in the listen queue\)$`)
	for _, line := range strings.Split(strings.TrimSuffix(r.Stderr, "\n"), "\n")[1:] {
		if !again.MatchString(line) {
			t.Errorf("server's standard error: %q; want only the shortage, said again", line)
		}
	}
	tr.check("emfile")
}

// The C's exit(3) writes out what stdio holds, and ignores a failure
// (exit(3), fflush(3)); the tutorial's twin ignores it too, and both exit
// 0 with the message lost. The grown-up client reports it: exit 1 (its
// message goes to standard output, the full device, as the C's printf
// would). /dev/full fails every write with ENOSPC (null(4)).
func TestReadmeFlush(t *testing.T) {
	t.Parallel()
	tutorial, grown := sockettest.Build(t), sockettest.BuildGrownUp(t)
	srv := grownUp(t, grown.Server, "-n", "3")
	port := srv.Port
	clientC := sockettest.BuildC(t, "client", port)
	tr := newTranscript(t, port)
	tr.cmd("bin/grownup-server -n 3 &")
	for _, cl := range []struct{ name, bin string }{{"client-c", clientC}, {"client", tutorial.Client}, {"grownup-client", grown.Client}} {
		full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		p := sockettest.Prepare(t, cl.bin, "-port", strconv.Itoa(port))
		if cl.name == "client-c" {
			p = sockettest.Prepare(t, cl.bin)
		}
		p.Cmd.Stdout = full
		tr.cmd("bin/%s > /dev/full; echo $?", cl.name)
		r := p.MustRun(t)
		full.Close()
		tr.out(r.Stderr)
		tr.status(r)
	}
	if r := srv.MustWait(t); r.Code != 0 {
		t.Errorf("server: %v", r)
	}
	tr.check("flush")
}

// note adds a line that says what the test's own peer does, where no
// command does it.
func (tr *transcript) note(text string) { tr.lines = append(tr.lines, "# "+text) }

// listening starts bin with args on port, and returns once it listens
// there (sockettest.WaitListening: the tutorial's server says nothing):
// for a port this test holds already, in TIME_WAIT.
func listening(t *testing.T, port int, bin string, args ...string) *sockettest.Process {
	t.Helper()
	p := sockettest.Start(t, bin, append(args, "-port", strconv.Itoa(port))...)
	p.MustWaitListening(t, port)
	return p
}

// waitStopped waits until the process srv is stopped (state T in
// /proc/PID/stat, proc(5)): kill(2) returns once SIGSTOP is sent, and the
// process stops when it next runs.
func waitStopped(t *testing.T, srv *sockettest.Process) {
	t.Helper()
	deadline := time.Now().Add(lab.Timeout)
	for i := 1; procState(srv.Pid()) != "T"; i++ {
		if time.Now().After(deadline) {
			t.Fatalf("the server is not stopped after %v of SIGSTOP: state %s", lab.Timeout, procState(srv.Pid()))
		}
		<-time.After(time.Duration(min(i, 20)) * time.Millisecond)
	}
}

// procState is the state of process pid, the field after the command's
// name in /proc/PID/stat (proc(5)): R, S, T (stopped), Z; or why none.
func procState(pid int) string {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return err.Error()
	}
	_, after, _ := strings.Cut(string(stat), ") ")
	state, _, _ := strings.Cut(after, " ")
	return state
}
