package main

import (
	"strconv"
	"strings"
	"testing"

	"tcpsocket/scripts/readmetest"
	"tcpsocket/scripts/sockettest"
)

// The address bind(2) is given is the one the socket answers on (ip(7)):
// the tutorial's server, bound to 127.0.0.1, refuses a client that comes
// to 127.0.0.2, another address of Linux's loopback (all of 127.0.0.0/8
// is local there; not so on macOS and the BSDs, whose lo0 has 127.0.0.1
// alone); bound to 0.0.0.0, INADDR_ANY, it answers on every local
// address. The tutorial's programs, as a learner runs them; the README's
// anyaddr block is this run.
func TestBindAddressChoosesWhoConnects(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	var got []string
	for _, ip := range []string{"127.0.0.1", "0.0.0.0"} {
		srv, port := sockettest.StartListening(t, func(port int) *sockettest.Process {
			return sockettest.Start(t, bin.Server, "-ip", ip, "-port", strconv.Itoa(port))
		})
		cl := sockettest.Run(t, bin.Client, "-ip", "127.0.0.2", "-port", strconv.Itoa(port))
		got = append(got, "$ bin/server -ip "+ip+" &  bin/client -ip 127.0.0.2")
		out := strings.ReplaceAll(cl.Stdout, strconv.Itoa(port), "5000")
		got = append(got, strings.Split(strings.TrimSuffix(out, "\n"), "\n")...)
		if cl.Code == 0 {
			srv.MustWait(t) // it served the client, and exited
		} else {
			srv.Stop() // still waiting in accept(): the client never reached it
		}
	}
	if !strings.HasPrefix(got[1], "Error : Connect Failed: connection refused (ECONNREFUSED)") || got[len(got)-1] != "Server Message" {
		t.Fatalf("want a refusal from 127.0.0.1, the message from 0.0.0.0:\n%s", strings.Join(got, "\n"))
	}
	readmetest.BlockIs(t, "README.md", "anyaddr", got)
}
