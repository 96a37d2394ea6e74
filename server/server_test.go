package main

import (
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

func TestMain(m *testing.M) { sockettest.Main(m) }

const message = "Server Message"

// startServer starts a tutorial server, C or Go, on a free port, and
// returns once it listens: it prints nothing when it does, so the wait
// reads the kernel's table of sockets (WaitListening).
func startServer(t *testing.T, lang string) (*sockettest.Process, int) {
	t.Helper()
	return sockettest.StartListening(t, func(port int) *sockettest.Process {
		if lang == "C" {
			return sockettest.Start(t, sockettest.BuildC(t, "server", port))
		}
		return sockettest.Start(t, sockettest.Build(t).Server, "-port", strconv.Itoa(port))
	})
}

// The tutorial's exchange, with every pairing of the C and the Go
// programs: the client prints exactly "Server Message", the server prints
// nothing, both exit 0.
func TestExchange(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	for _, tt := range []struct{ server, client string }{
		{"C", "C"}, {"C", "Go"}, {"Go", "C"}, {"Go", "Go"},
	} {
		t.Run(tt.server+" server, "+tt.client+" client", func(t *testing.T) {
			t.Parallel()
			srv, port := startServer(t, tt.server)
			var cl sockettest.Result
			if tt.client == "C" {
				cl = sockettest.Run(t, sockettest.BuildC(t, "client", port))
			} else {
				cl = sockettest.Run(t, bin.Client, "-port", strconv.Itoa(port))
			}
			sv := srv.MustWait(t)
			if cl.Code != 0 || cl.Stdout != message {
				t.Errorf("%s client: %v; want exit 0, stdout %q", tt.client, cl, message)
			}
			if sv.Code != 0 || sv.Stdout != "" || sv.Stderr != "" {
				t.Errorf("%s server: %v; want exit 0, no output", tt.server, sv)
			}
		})
	}
}

// Per bind(2): EADDRINUSE, "The given address is already in use." The Go
// server prints the C's line, then the errno's text and name, and a hint
// that names what holds the port (on Linux, which can tell; elsewhere
// both causes); and exits 1, the C's EXIT_FAILURE.
func TestBindInUseMatchesC(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	fd, port, err := lab.BoundSocket(lab.Loopback4)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	if err := unix.Listen(fd, 1); err != nil {
		t.Fatal(err)
	}
	c := sockettest.RunFailing(t, sockettest.BuildC(t, "server", port))
	g := sockettest.RunFailing(t, bin.Server, "-port", strconv.Itoa(port))
	sockettest.FailureMatchesC(t, c, g, "Error : Could not bind on Given IP", ": address already in use (EADDRINUSE)")
	if !strings.Contains(g.Stdout, "hint: ") || !strings.Contains(g.Stdout, "another program listens on this port") {
		t.Errorf("Go server: %q; want a hint that another program listens on the port", g.Stdout)
	}
}

// Hundreds of signals at the server while it waits in accept(): Go's
// runtime catches them, where the C would ignore them, and installs its
// handlers with SA_RESTART, so the kernel restarts the accept (signal(7)):
// no EINTR reaches the program, and the exchange completes.
func TestSignalsDuringAccept(t *testing.T) {
	t.Parallel()
	srv, port := startServer(t, "Go")
	sockettest.Storm(t, srv.Pid(), 600)
	cl := sockettest.Run(t, sockettest.Build(t).Client, "-port", strconv.Itoa(port))
	if sv := srv.MustWait(t); sv.Code != 0 || cl.Code != 0 || cl.Stdout != message {
		t.Errorf("server: %v\nclient: %v", sv, cl)
	}
}

// -h prints both flags with the C's #defines as defaults, and the exit
// statuses; exit 0.
func TestHelpShowsDefaults(t *testing.T) {
	t.Parallel()
	r := sockettest.Run(t, sockettest.Build(t).Server, "-h")
	for _, want := range []string{"-ip", "(default 127.0.0.1)", "-port", "(default 5000)", "Exit status", "64 bad usage"} {
		if r.Code != 0 || !strings.Contains(r.Stdout, want) {
			t.Errorf("server -h: %v; want exit 0 and %q in stdout", r, want)
		}
	}
}

// Every bad value is refused before any socket is made: one line on stderr
// that names the value, exit status 64, nothing on stdout. The tutorial is
// IPv4: an IPv6 -ip is refused.
func TestBadUsage(t *testing.T) {
	t.Parallel()
	sockettest.CheckUsage(t, sockettest.Build(t).Server, append(sockettest.BadUsage,
		sockettest.Usage{Args: []string{"-ip", "::1"}, Named: `"::1"`},
		sockettest.Usage{Args: []string{"-n", "2"}, Named: `"-n"`}))
}
