package main

import (
	"bytes"
	"net/netip"
	"strconv"
	"testing"

	"tcpsocket/scripts/sockettest"
)

func TestMain(m *testing.M) { sockettest.Main(m) }

// Per connect(2): ECONNREFUSED, "No-one listening on the remote address."
func TestConnectRefused(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	sockettest.Loopbacks(t, func(t *testing.T, ip string) {
		port := sockettest.RefusingPort(t, ip)
		r := sockettest.Run(t, bin.Client, "-ip", ip, "-port", strconv.Itoa(port))
		want := "Error : Connect Failed: connection refused (ECONNREFUSED)\n" +
			"hint: nothing listens on " + netip.AddrPortFrom(netip.MustParseAddr(ip), uint16(port)).String() +
			": is the server running, on this -ip and -port?\n"
		if r.Code != 1 || r.Stdout != want {
			t.Errorf("client: %v; want exit 1, stdout %q", r, want)
		}
		sockettest.NoPanic(t, r)
	})
}

// A reply longer than one read(2), with NUL bytes in it (where the C's
// fputs would stop), arrives on stdout byte for byte.
func TestLongReply(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	reply := make([]byte, 100_000)
	for i := range reply {
		reply[i] = byte(i * 7 % 251) // every byte value but a few, NUL included
	}
	port := serveOnce(t, reply)
	r := sockettest.Run(t, bin.Client, "-port", strconv.Itoa(port))
	if r.Code != 0 || !bytes.Equal([]byte(r.Stdout), reply) {
		t.Errorf("client: exit %d, %d bytes on stdout, equal %v; want exit 0 and the %d bytes sent",
			r.Code, len(r.Stdout), bytes.Equal([]byte(r.Stdout), reply), len(reply))
	}
}

// serveOnce is a test-side server: it accepts one connection on a free
// port, writes reply and closes.
func serveOnce(t *testing.T, reply []byte) int {
	t.Helper()
	ln, port := sockettest.Listen(t)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		conn.Write(reply)
	}()
	return port
}
