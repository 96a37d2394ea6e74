package main

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"tcpsocket/sockutil/sockettest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	sockettest.Cleanup()
	os.Exit(code)
}

// The tutorial's exchange: the client prints exactly what the server wrote,
// and both exit 0.
func TestExchange(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	srv := sockettest.StartServer(t, bin.Server)
	cl := sockettest.Run(t, bin.Client, "-port", strconv.Itoa(srv.Port))
	sv := srv.Wait(t)
	if cl.Code != 0 || cl.Stdout != "Server Message" {
		t.Errorf("client: %v; want exit 0, stdout %q", cl, "Server Message")
	}
	if sv.Code != 0 || sv.Stdout != "" {
		t.Errorf("server: %v; want exit 0, empty stdout", sv)
	}
}

// Per bind(2): EADDRINUSE, "The given address is already in use." A second
// server on a port that another one listens on reports it and exits 1.
func TestPortInUse(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	first := sockettest.StartServer(t, bin.Server)
	second := sockettest.Run(t, bin.Server, "-port", strconv.Itoa(first.Port))
	want := "Error : Could not bind on Given IP: address already in use (EADDRINUSE)\n"
	if second.Code != 1 || !strings.HasPrefix(second.Stdout, want) {
		t.Errorf("second server: %v; want exit 1, stdout starting %q", second, want)
	}
	sockettest.NoPanic(t, second)
}

func TestHelpShowsDefaults(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	for _, prog := range []string{bin.Server, bin.Client} {
		r := sockettest.Run(t, prog, "-h")
		for _, want := range []string{"-ip", "(default 127.0.0.1)", "-port", "(default 5000)", "Exit status"} {
			if r.Code != 0 || !strings.Contains(r.Stdout, want) {
				t.Errorf("%s -h: %v; want exit 0 and %q in stdout", prog, r, want)
			}
		}
	}
}

// Every bad value is refused before any socket is made: one line on stderr
// that names the value, exit status 2, nothing on stdout. With a valid
// -port 0 and no socket made, no server can be left listening; a refused
// -ip would otherwise have been bound.
func TestBadUsage(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	tests := []struct {
		name  string
		args  []string
		named string // what stderr must name
	}{
		{"ip out of range", []string{"-ip", "999.1.1.1"}, `"999.1.1.1"`},
		{"ip short", []string{"-ip", "1.2.3"}, `"1.2.3"`},
		{"ip a host name", []string{"-ip", "localhost"}, `"localhost"`},
		{"ip empty", []string{"-ip", ""}, `""`},
		{"ip trailing junk", []string{"-ip", "127.0.0.1x"}, `"127.0.0.1x"`},
		{"ip inet_addr's none", []string{"-ip", "255.255.255.255.1"}, `"255.255.255.255.1"`},
		{"port too big", []string{"-port", "65536"}, `"65536"`},
		{"port negative", []string{"-port", "-1"}, `"-1"`},
		{"port not a number", []string{"-port", "http"}, `"http"`},
		{"port overflowing", []string{"-port", "18446744073709551617"}, `"18446744073709551617"`},
		{"port trailing junk", []string{"-port", "80x"}, `"80x"`},
		{"port empty", []string{"-port", ""}, `""`},
		{"port missing", []string{"-port"}, "-port"},
		{"unknown flag", []string{"-verbose"}, "-verbose"},
		{"stray argument", []string{"-port", "0", "now"}, `"now"`},
	}
	for _, prog := range []string{bin.Server, bin.Client} {
		for _, tt := range tests {
			r := sockettest.Run(t, prog, tt.args...)
			lines := strings.Split(strings.TrimSuffix(r.Stderr, "\n"), "\n")
			if r.Code != 2 || len(lines) != 1 || !strings.Contains(r.Stderr, tt.named) || r.Stdout != "" {
				t.Errorf("%s %q (%s): %v; want exit 2, one stderr line naming %s, no stdout", prog, tt.args, tt.name, r, tt.named)
			}
			sockettest.NoPanic(t, r)
		}
	}
}
