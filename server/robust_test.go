package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"tcpsocket/sockutil/sockettest"
)

const message = "Server Message"

// Signals that Go's runtime handles (so each one interrupts a blocking
// call, which the kernel restarts: SA_RESTART, signal(7)) and that do not
// end the process: SIGURG is the runtime's own preemption signal.
var harmless = []syscall.Signal{syscall.SIGURG, syscall.SIGWINCH, syscall.SIGCHLD}

func storm(t *testing.T, pid, count int) {
	t.Helper()
	for i := range count {
		if err := syscall.Kill(pid, harmless[i%len(harmless)]); err != nil {
			t.Fatalf("signal %d to %d: %v", i, pid, err)
		}
	}
}

// Hundreds of signals at a server blocked in accept() and at a client
// blocked in read(): the exchange still completes, byte for byte.
func TestSignalStorm(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)

	t.Run("server in accept", func(t *testing.T) {
		t.Parallel()
		srv := sockettest.StartServer(t, bin.Server)
		storm(t, srv.Pid(), 600)
		cl := sockettest.Run(t, bin.Client, "-port", strconv.Itoa(srv.Port))
		if sv := srv.Wait(t); sv.Code != 0 || cl.Code != 0 || cl.Stdout != message {
			t.Errorf("server: %v\nclient: %v", sv, cl)
		}
	})

	t.Run("client in read", func(t *testing.T) {
		t.Parallel()
		ln, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		cl := sockettest.Start(t, bin.Client, "-port", strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
		conn, err := ln.Accept()
		if err != nil {
			t.Fatal(err)
		}
		storm(t, cl.Pid(), 600) // the client has connected: it reads, or is about to
		reply := strings.Repeat("0123456789", 10_000)
		conn.Write([]byte(reply))
		conn.Close()
		if r := cl.Wait(t); r.Code != 0 || r.Stdout != reply {
			t.Errorf("client: %v; want exit 0 and the %d bytes sent", r, len(reply))
		}
	})
}

// -n 0 serves until SIGINT or SIGTERM, which end it cleanly, exit 0.
func TestStopBySignal(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			srv := sockettest.StartServer(t, bin.Server, "-n", "0")
			for range 3 {
				if cl := sockettest.Run(t, bin.Client, "-port", strconv.Itoa(srv.Port)); cl.Stdout != message {
					t.Fatalf("client: %v", cl)
				}
			}
			if err := srv.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if r := srv.Wait(t); r.Code != 0 || r.Signal != 0 || r.Stdout != "" {
				t.Errorf("server after %v: %v; want exit 0, no output", sig, r)
			}
		})
	}
}

// One server -n 200 and 200 clients one after another; one server -n 64
// and 64 clients, as many at once as the tutorial's backlog of 10 admits:
// every client gets the whole payload, the server exits 0.
//
// Why no more than 10 at once: past the backlog, what the kernel does
// differs and can leave a client waiting forever. Linux queues backlog+1
// completed connections (sk_acceptq_is_full in include/net/sock.h) and
// then drops the handshake's last ACK; when its SYN queue is full too it
// answers with SYN cookies (tcp(7), tcp_syncookies), keeps no state, and a
// client whose last ACK was dropped sits ESTABLISHED in read() with nothing
// to resend, until a -timeout. XNU and FreeBSD bound the queue at 3 *
// backlog / 2, half-open connections included (solisten, sonewconn), and
// may drop a half-open connection whose client has already returned from
// connect(2). Ten at a time fits all three.
func TestLoad(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)

	t.Run("200 sequential", func(t *testing.T) {
		t.Parallel()
		srv := sockettest.StartServer(t, bin.Server, "-n", "200")
		for i := range 200 {
			if cl := sockettest.Run(t, bin.Client, "-port", strconv.Itoa(srv.Port)); cl.Code != 0 || cl.Stdout != message {
				t.Fatalf("client %d: %v", i, cl)
			}
		}
		if r := srv.Wait(t); r.Code != 0 {
			t.Errorf("server: %v", r)
		}
	})

	t.Run("64, 10 at once", func(t *testing.T) {
		t.Parallel()
		srv := sockettest.StartServer(t, bin.Server, "-n", "64", "-size", "100000")
		want := sockettest.PayloadSum(message, 100000)
		var wg sync.WaitGroup
		errs := make(chan string, 64)
		atOnce := make(chan struct{}, 10) // the backlog
		for i := range 64 {
			wg.Go(func() {
				atOnce <- struct{}{}
				defer func() { <-atOnce }()
				sink := sockettest.NewSink(0)
				r := sockettest.StartTo(t, sink, bin.Client, "-port", strconv.Itoa(srv.Port)).Wait(t)
				if n, sum := sink.Sum(); r.Code != 0 || sum != want {
					errs <- fmt.Sprintf("client %d: %v, %d bytes", i, r, n)
				}
			})
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
		if r := srv.Wait(t); r.Code != 0 {
			t.Errorf("server: %v", r)
		}
	})
}

// Transfers far above the socket buffers arrive intact, at several read
// sizes: partial writes lose or repeat nothing.
func TestBulk(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	tests := []struct {
		size int64
		buf  string
	}{
		{100 << 20, "1023"},
		{100 << 20, "4096"},
		{100 << 20, "65536"},
		{100 << 20, "1048576"},
		{1 << 20, "1"},
		{3<<20 + 7, "7"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("size %d buf %s", tt.size, tt.buf), func(t *testing.T) {
			srv := sockettest.StartServer(t, bin.Server, "-size", strconv.FormatInt(tt.size, 10), "-msg", "abcdefghijklmnopqrstuvwxyz0123456789")
			sink := sockettest.NewSink(0)
			r := sockettest.StartTo(t, sink, bin.Client, "-port", strconv.Itoa(srv.Port), "-buf", tt.buf).Wait(t)
			n, sum := sink.Sum()
			if want := sockettest.PayloadSum("abcdefghijklmnopqrstuvwxyz0123456789", tt.size); r.Code != 0 || n != tt.size || sum != want {
				t.Errorf("client: %v, %d bytes, sha256 %s; want exit 0, %d bytes, %s", r, n, sum, tt.size, want)
			}
			if sv := srv.Wait(t); sv.Code != 0 {
				t.Errorf("server: %v", sv)
			}
		})
	}
}

var connFailure = regexp.MustCompile(`^Error : Could not write: (connection reset by peer \(ECONNRESET\)|broken pipe \(EPIPE\))$`)

// A client that resets its connection mid-transfer costs the server that
// connection, reported in one line, not the process (no SIGPIPE death: Go's
// runtime handles SIGPIPE and, for descriptors other than 1 and 2, lets the
// write fail with EPIPE; see os/signal). The next client gets every byte,
// and the exit status says a connection failed.
func TestClientResetsMidTransfer(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	const size = 64 << 20
	srv := sockettest.StartServer(t, bin.Server, "-n", "2", "-size", strconv.Itoa(size))

	conn, err := net.Dial("tcp4", "127.0.0.1:"+strconv.Itoa(srv.Port))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(conn, make([]byte, 1<<20)); err != nil {
		t.Fatal(err)
	}
	conn.(*net.TCPConn).SetLinger(0) // close(2) now sends RST, see socket(7) SO_LINGER
	conn.Close()

	sink := sockettest.NewSink(0)
	cl := sockettest.StartTo(t, sink, bin.Client, "-port", strconv.Itoa(srv.Port)).Wait(t)
	if n, sum := sink.Sum(); cl.Code != 0 || sum != sockettest.PayloadSum(message, size) {
		t.Errorf("second client: %v, %d bytes; want exit 0 and all %d bytes", cl, n, size)
	}
	sv := srv.Wait(t)
	lines := strings.Split(strings.TrimSuffix(sv.Stdout, "\n"), "\n")
	if sv.Code != 3 || sv.Signal != 0 || len(lines) != 1 || !connFailure.MatchString(lines[0]) {
		t.Errorf("server: %v; want exit 3 and one line matching %s", sv, connFailure)
	}
	sockettest.NoPanic(t, sv)
}

// A client whose server dies mid-transfer ends, with end of file or a read
// error, and never hangs.
func TestServerKilledMidTransfer(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	srv := sockettest.StartServer(t, bin.Server, "-size", strconv.FormatInt(1<<40, 10))
	sink := sockettest.NewSink(4 << 20)
	cl := sockettest.StartTo(t, sink, bin.Client, "-port", strconv.Itoa(srv.Port))
	select {
	case <-sink.Arrived():
	case <-time.After(sockettest.Timeout):
		t.Fatal("no data arrived")
	}
	if err := srv.Signal(os.Kill); err != nil {
		t.Fatal(err)
	}
	r := cl.Wait(t)
	ok := r.Code == 0 || (r.Code == 1 && r.Stdout == "" && r.Signal == 0)
	if !ok {
		t.Errorf("client: %v; want exit 0 at end of file, or exit 1 with a Read error", r)
	}
	if n, _ := sink.Sum(); n < 4<<20 || n >= 1<<40 {
		t.Errorf("client wrote %d bytes; want a part of the stream", n)
	}
	sockettest.NoPanic(t, r)
}

// The tutorial's server closes first, so its side of the connection waits
// in TIME_WAIT (tcp(7)) and a restart on the same port fails, with a hint;
// -reuseaddr sets SO_REUSEADDR (socket(7)) and the restart works, when the
// server that left the TIME_WAIT behind had it too (see the Linux test).
func TestRestartInTimeWait(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	port := timeWait(t, bin, "-reuseaddr")

	again := sockettest.Run(t, bin.Server, "-port", port)
	want := "Error : Could not bind on Given IP: address already in use (EADDRINUSE)\nhint: "
	if again.Code != 1 || !strings.HasPrefix(again.Stdout, want) || !strings.Contains(again.Stdout, "TIME_WAIT") ||
		!strings.Contains(again.Stdout, "-reuseaddr") || strings.Count(again.Stdout, "\n") != 2 {
		t.Errorf("restart without -reuseaddr: %v; want exit 1, the bind line and a hint naming TIME_WAIT and -reuseaddr", again)
	}

	p := sockettest.Start(t, bin.Server, "-port", port, "-reuseaddr")
	n, _ := strconv.Atoi(port)
	sockettest.WaitListening(t, p, n)
	cl := sockettest.Run(t, bin.Client, "-port", port)
	if r := p.Wait(t); r.Code != 0 || cl.Stdout != message {
		t.Errorf("restart with -reuseaddr: server %v, client %v", r, cl)
	}
}

// timeWait runs one exchange with a server started with args, and returns
// its port, which the server's side of the connection now holds in
// TIME_WAIT.
func timeWait(t *testing.T, bin sockettest.Programs, args ...string) string {
	t.Helper()
	first := sockettest.StartServer(t, bin.Server, args...)
	port := strconv.Itoa(first.Port)
	if cl := sockettest.Run(t, bin.Client, "-port", port); cl.Stdout != message {
		t.Fatalf("client: %v", cl)
	}
	if r := first.Wait(t); r.Code != 0 {
		t.Fatalf("first server: %v", r)
	}
	return port
}

// client | head -c 3: standard output closes early. While data is still
// coming (64 MiB), the client ends as the C's does, killed by SIGPIPE (Go's
// runtime raises it for a broken pipe on descriptor 1, see os/signal),
// which is what a shell pipeline expects; the server reports the
// connection it lost. With the tutorial's 14 bytes, the client has
// written them all before head closes the pipe: both clients exit 0.
func TestStdoutClosedEarly(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	for _, lang := range []string{"Go", "C"} {
		t.Run(lang+" client", func(t *testing.T) {
			t.Parallel()
			srv := sockettest.StartServer(t, bin.Server, "-size", strconv.Itoa(64<<20))
			cl := headC3(t, bin, lang, srv.Port)
			if r := cl.Wait(t); r.Signal != syscall.SIGPIPE {
				t.Errorf("client: %v; want killed by SIGPIPE, as the C client is", r)
			}
			sv := srv.Wait(t)
			if sv.Code != 3 || !connFailure.MatchString(strings.TrimSuffix(sv.Stdout, "\n")) {
				t.Errorf("server: %v; want exit 3 and a line matching %s", sv, connFailure)
			}
		})
		t.Run(lang+" client, the tutorial's 14 bytes", func(t *testing.T) {
			t.Parallel()
			srv := sockettest.StartServer(t, bin.Server)
			if r := headC3(t, bin, lang, srv.Port).Wait(t); r.Code != 0 || r.Signal != 0 {
				t.Errorf("client: %v; want exit 0: it wrote all 14 bytes before head closed the pipe", r)
			}
			if sv := srv.Wait(t); sv.Code != 0 {
				t.Errorf("server: %v", sv)
			}
		})
	}
}

// headC3 starts the Go or C client against port with its standard output
// into a pipe, reads 3 bytes from the pipe and closes it, as head -c 3
// does.
func headC3(t *testing.T, bin sockettest.Programs, lang string, port int) *sockettest.Process {
	t.Helper()
	client := []string{bin.Client, "-port", strconv.Itoa(port)}
	if lang == "C" {
		client = []string{sockettest.BuildC(t, "client", port)}
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cl := sockettest.StartTo(t, pw, client[0], client[1:]...)
	pw.Close()
	head := make([]byte, 3)
	if _, err := io.ReadFull(pr, head); err != nil || string(head) != "Ser" {
		t.Fatalf("head -c 3: %q, %v", head, err)
	}
	pr.Close()
	return cl
}
