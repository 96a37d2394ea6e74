package main

import (
	"strconv"
	"strings"
	"testing"

	"tcpsocket/scripts/sockettest"
)

// Hundreds of signals at a client blocked in read(): it still prints
// every byte the server sent, and exits 0.
func TestSignalStorm(t *testing.T) {
	t.Parallel()
	bin := sockettest.Build(t)
	ln, port := sockettest.Listen(t)
	cl := sockettest.Start(t, bin.Client, "-port", strconv.Itoa(port))
	conn, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	sockettest.Storm(t, cl.Pid(), 600) // the client has connected: it reads, or is about to
	reply := strings.Repeat("0123456789", 10_000)
	conn.Write([]byte(reply))
	conn.Close()
	if r := cl.MustWait(t); r.Code != 0 || r.Stdout != reply {
		t.Errorf("client: %v; want exit 0 and the %d bytes sent", r, len(reply))
	}
}
