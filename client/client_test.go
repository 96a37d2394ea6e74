package main

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

func TestMain(m *testing.M) { sockettest.Main(m) }

// Per connect(2): ECONNREFUSED, "No-one listening on the remote address."
// The Go client prints the C's line, then the errno's text and name, and
// a hint; and exits 1, the C's EXIT_FAILURE. (The exchange itself, with
// every pairing of the C and the Go, is server/server_test.go's.)
func TestConnectRefusedMatchesC(t *testing.T) {
	t.Parallel()
	port := sockettest.RefusingPort(t, lab.Loopback4)
	c := sockettest.Run(t, sockettest.BuildC(t, "client", port))
	g := sockettest.Run(t, sockettest.Build(t).Client, "-port", strconv.Itoa(port))
	sockettest.FailureMatchesC(t, c, g, "Error : Connect Failed", ": connection refused (ECONNREFUSED)")
	hint := "hint: nothing listens on 127.0.0.1:" + strconv.Itoa(port) + ": is the server running, on this -ip and -port?\n"
	if !strings.HasSuffix(g.Stdout, hint) {
		t.Errorf("Go client: %q; want it to end with %q", g.Stdout, hint)
	}
}

// A reply longer than one read(2), with NUL bytes in it, arrives on
// stdout byte for byte: TCP is a byte stream, and the loop reads until end
// of file. (The C's fputs would stop at each NUL: the one place where the
// twin does better, as Write takes the slice's length.)
func TestLongReply(t *testing.T) {
	t.Parallel()
	reply := make([]byte, 100_000)
	for i := range reply {
		reply[i] = byte(i * 7 % 251) // every byte value but a few, NUL included
	}
	ln, port := sockettest.Listen(t)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		conn.Write(reply)
	}()
	r := sockettest.Run(t, sockettest.Build(t).Client, "-port", strconv.Itoa(port))
	if r.Code != 0 || !bytes.Equal([]byte(r.Stdout), reply) {
		t.Errorf("client: exit %d, %d bytes on stdout, equal %v; want exit 0 and the %d bytes sent",
			r.Code, len(r.Stdout), bytes.Equal([]byte(r.Stdout), reply), len(reply))
	}
}

// Hundreds of signals at the client while it waits in read(): Go's
// runtime catches them, where the C would ignore them, and installs its
// handlers with SA_RESTART, so the kernel restarts the read (signal(7);
// the socket has no timeout): no EINTR reaches the program, and every
// byte arrives.
func TestSignalsDuringRead(t *testing.T) {
	t.Parallel()
	ln, port := sockettest.Listen(t)
	cl := sockettest.Start(t, sockettest.Build(t).Client, "-port", strconv.Itoa(port))
	conn, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	sockettest.StormThreads(t, cl.Pid(), 600) // the client has connected: it reads, or is about to
	reply := strings.Repeat("0123456789", 10_000)
	conn.Write([]byte(reply))
	conn.Close()
	if r := cl.MustWait(t); r.Code != 0 || r.Stdout != reply {
		t.Errorf("client: %v; want exit 0 and the %d bytes sent", r, len(reply))
	}
}

// -h prints both flags with the C's #defines as defaults, and the exit
// statuses; exit 0.
func TestHelpShowsDefaults(t *testing.T) {
	t.Parallel()
	r := sockettest.Run(t, sockettest.Build(t).Client, "-h")
	for _, want := range []string{"-ip", "(default 127.0.0.1)", "-port", "(default 5000)", "Exit status", "64 bad usage"} {
		if r.Code != 0 || !strings.Contains(r.Stdout, want) {
			t.Errorf("client -h: %v; want exit 0 and %q in stdout", r, want)
		}
	}
}

// Every bad value is refused before any socket is made: one line on stderr
// that names the value, exit status 64, nothing on stdout. A client cannot
// connect to port 0; the tutorial is IPv4.
func TestBadUsage(t *testing.T) {
	t.Parallel()
	sockettest.CheckUsage(t, sockettest.Build(t).Client, append(sockettest.BadUsage,
		sockettest.Usage{Args: []string{"-port", "0"}, Named: `"0"`},
		sockettest.Usage{Args: []string{"-ip", "::1"}, Named: `"::1"`},
		sockettest.Usage{Args: []string{"-buf", "5"}, Named: `"-buf"`}))
}
