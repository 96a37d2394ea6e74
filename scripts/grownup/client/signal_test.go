package main

import (
	"strconv"
	"strings"
	"testing"

	"tcpsocket/scripts/sockettest"
)

// Hundreds of signals at a client blocked in read(): it still prints
// every byte the server sent, and exits 0. Without -timeout the kernel
// restarts the read (SA_RESTART); with it, it does not: the socket has
// SO_RCVTIMEO, so read(2) fails with EINTR (signal(7); sock_intr_errno in
// include/net/sock.h), and RetryIO reads again.
func TestSignalStorm(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	for _, args := range [][]string{nil, {"-timeout", "10s"}} {
		t.Run(strings.Join(append([]string{"client"}, args...), " "), func(t *testing.T) {
			t.Parallel()
			storm(t, bin.Client, args)
		})
	}
}

func storm(t *testing.T, client string, args []string) {
	ln, port := sockettest.Listen(t)
	cl := sockettest.Start(t, client, append(args, "-port", strconv.Itoa(port))...)
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
