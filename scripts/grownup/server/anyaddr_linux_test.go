package main

import (
	"strconv"
	"strings"
	"testing"

	"tcpsocket/scripts/sockettest"
)

// The address bind(2) is given is the one the socket answers on (ip(7)):
// a server bound to 127.0.0.1, the tutorial's, refuses a client that
// comes to 127.0.0.2, another address of Linux's loopback (all of
// 127.0.0.0/8 is local there; not so on macOS and the BSDs, whose lo0 has
// 127.0.0.1 alone); bound to 0.0.0.0, INADDR_ANY, it answers on every
// local address. The README's anyaddr block is this run.
func TestBindAddressChoosesWhoConnects(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	var got []string
	for _, ip := range []string{"127.0.0.1", "0.0.0.0"} {
		srv := sockettest.StartServer(t, bin.Server, "-ip", ip)
		cl := sockettest.Run(t, bin.Client, "-ip", "127.0.0.2", "-port", strconv.Itoa(srv.Port))
		got = append(got, "$ bin/server -ip "+ip+" &  bin/client -ip 127.0.0.2")
		got = append(got, strings.Split(strings.TrimSuffix(strings.ReplaceAll(cl.Stdout, strconv.Itoa(srv.Port), "5000"), "\n"), "\n")...)
		srv.Stop()
	}
	if !strings.HasPrefix(got[1], "Error : Connect Failed: connection refused (ECONNREFUSED)") || got[len(got)-1] != "Server Message" {
		t.Fatalf("want a refusal from 127.0.0.1, the message from 0.0.0.0:\n%s", strings.Join(got, "\n"))
	}
	sockettest.BlockIs(t, "README.md", "anyaddr", got)
}
