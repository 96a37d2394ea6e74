package main

import (
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"tcpsocket/sockutil"
	"tcpsocket/sockutil/sockettest"
)

func TestMain(m *testing.M) { sockettest.Main(m) }

// The tutorial's exchange: the client prints exactly what the server wrote,
// and both exit 0.
func TestExchange(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	sockettest.Loopbacks(t, func(t *testing.T, ip string) {
		srv := sockettest.StartServer(t, bin.Server, "-ip", ip)
		cl := sockettest.Run(t, bin.Client, "-ip", ip, "-port", strconv.Itoa(srv.Port))
		sv := srv.Wait(t)
		if cl.Code != 0 || cl.Stdout != "Server Message" {
			t.Errorf("client: %v; want exit 0, stdout %q", cl, "Server Message")
		}
		announced := "server: listening on " + netip.AddrPortFrom(netip.MustParseAddr(ip), uint16(srv.Port)).String() + "\n"
		if sv.Code != 0 || sv.Stdout != "" || sv.Stderr != announced {
			t.Errorf("server: %v; want exit 0, empty stdout, stderr %q", sv, announced)
		}
	})
}

// Per bind(2): EADDRINUSE, "The given address is already in use." A second
// server on a port that another one listens on reports it and exits 1.
func TestPortInUse(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	sockettest.Loopbacks(t, func(t *testing.T, ip string) {
		first := sockettest.StartServer(t, bin.Server, "-ip", ip)
		second := sockettest.Run(t, bin.Server, "-ip", ip, "-port", strconv.Itoa(first.Port))
		want := "Error : Could not bind on Given IP: address already in use (EADDRINUSE)\n"
		if second.Code != 1 || !strings.HasPrefix(second.Stdout, want) {
			t.Errorf("second server: %v; want exit 1, stdout starting %q", second, want)
		}
		sockettest.NoPanic(t, second)
	})
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
// that names the value, exit status 2, nothing on stdout.
func TestBadUsage(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	type usage struct {
		args  []string
		named string // what stderr must name
	}
	both := []usage{
		{[]string{"-ip", "999.1.1.1"}, `"999.1.1.1"`},
		{[]string{"-ip", "1.2.3"}, `"1.2.3"`},
		{[]string{"-ip", "localhost"}, `"localhost"`},
		{[]string{"-ip", ""}, `""`},
		{[]string{"-ip", "127.0.0.1x"}, `"127.0.0.1x"`},
		{[]string{"-ip", "255.255.255.255.1"}, `"255.255.255.255.1"`},
		{[]string{"-ip", "0x7f.0.0.1"}, `"0x7f.0.0.1"`},
		{[]string{"-ip", "127.1"}, `"127.1"`},
		{[]string{"-port", "65536"}, `"65536"`},
		{[]string{"-port", "-1"}, `"-1"`},
		{[]string{"-port", "http"}, `"http"`},
		{[]string{"-port", "18446744073709551617"}, `"18446744073709551617"`},
		{[]string{"-port", "80x"}, `"80x"`},
		{[]string{"-port", "+80"}, `"+80"`},
		{[]string{"-port", " 80"}, `" 80"`},
		{[]string{"-port", ""}, `""`},
		{[]string{"-port"}, "-port"},
		{[]string{"-verbose"}, "-verbose"},
		{[]string{"-port", "0", "now"}, `"now"`},
		{[]string{"-", "x"}, `"-"`},
	}
	server := []usage{
		{[]string{"-n", "-1"}, `"-1"`},
		{[]string{"-n", "many"}, `"many"`},
		{[]string{"-n", "2147483648"}, `"2147483648"`},
		{[]string{"-n", "1.5"}, `"1.5"`},
		{[]string{"-n", ""}, `""`},
		{[]string{"-size", "-5"}, `"-5"`},
		{[]string{"-size", "1e9"}, `"1e9"`},
		{[]string{"-size", "99999999999999999999"}, `"99999999999999999999"`},
		{[]string{"-size", "10MB"}, `"10MB"`},
		{[]string{"-size", "0x10"}, `"0x10"`},
		{[]string{"-size", "100", "-msg", ""}, "-msg"},
		{[]string{"-reuseaddr=maybe"}, `"maybe"`},
		{[]string{"-buf", "10"}, "-buf"},
	}
	client := []usage{
		{[]string{"-buf", "0"}, `"0"`},
		{[]string{"-buf", "-1"}, `"-1"`},
		{[]string{"-buf", "67108865"}, `"67108865"`},
		{[]string{"-buf", "big"}, `"big"`},
		{[]string{"-buf", "1k"}, `"1k"`},
		{[]string{"-buf"}, "-buf"},
		{[]string{"-n", "2"}, "-n"},
		{[]string{"-port", "0"}, `"0"`},
		{[]string{"-msg", "hi"}, "-msg"},
	}
	for _, tt := range []struct {
		prog  string
		cases []usage
	}{
		{bin.Server, append(both, server...)},
		{bin.Client, append(both, client...)},
	} {
		for _, u := range tt.cases {
			r := sockettest.Run(t, tt.prog, u.args...)
			lines := strings.Split(strings.TrimSuffix(r.Stderr, "\n"), "\n")
			if r.Code != sockutil.ExitUsage || len(lines) != 1 || !strings.Contains(r.Stderr, u.named) || r.Stdout != "" {
				t.Errorf("%s %q: %v; want exit 64 (EX_USAGE), one stderr line naming %s, no stdout", tt.prog, u.args, r, u.named)
			}
			sockettest.NoPanic(t, r)
		}
	}
}
