package main

import (
	"net/netip"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"tcpsocket/scripts/grownup"
	"tcpsocket/scripts/sockettest"
)

func TestMain(m *testing.M) { sockettest.Main(m) }

const message = "Server Message"

// The tutorial's exchange: the client prints exactly what the server wrote,
// and both exit 0.
func TestExchange(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	sockettest.Loopbacks(t, func(t *testing.T, ip string) {
		srv := sockettest.StartServer(t, bin.Server, "-ip", ip)
		cl := sockettest.Run(t, bin.Client, "-ip", ip, "-port", strconv.Itoa(srv.Port))
		sv := srv.MustWait(t)
		if cl.Code != 0 || cl.Stdout != "Server Message" {
			t.Errorf("client: %v; want exit 0, stdout %q", cl, "Server Message")
		}
		announced := grownup.ListeningLine + netip.AddrPortFrom(netip.MustParseAddr(ip), uint16(srv.Port)).String() + "\n"
		if sv.Code != 0 || sv.Stdout != "" || sv.Stderr != announced {
			t.Errorf("server: %v; want exit 0, empty stdout, stderr %q", sv, announced)
		}
	})
}

// Per bind(2): EADDRINUSE, "The given address is already in use." A second
// server on a port that another one listens on reports it and exits 1.
func TestPortInUse(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	sockettest.Loopbacks(t, func(t *testing.T, ip string) {
		first := sockettest.StartServer(t, bin.Server, "-ip", ip)
		second := sockettest.RunFailing(t, bin.Server, "-ip", ip, "-port", strconv.Itoa(first.Port))
		want := "Error : Could not bind on Given IP: address already in use (EADDRINUSE)\n"
		if second.Code != 1 || !strings.HasPrefix(second.Stdout, want) {
			t.Errorf("second server: %v; want exit 1, stdout starting %q", second, want)
		}
		// SO_REUSEADDR cannot take a port from a listener: the hint must
		// not advise it, but say what holds the port (on Linux, which can
		// tell; elsewhere it names both causes).
		if runtime.GOOS == "linux" && (!strings.Contains(second.Stdout, "another program listens on this port") ||
			strings.Contains(second.Stdout, "start every run with -reuseaddr")) {
			t.Errorf("second server's hint: %q; want it to name the listener, and not to advise -reuseaddr", second.Stdout)
		}
		sockettest.NoPanic(t, second)
		first.Stop()
	})
}
