package main

import (
	"strconv"
	"testing"
	"time"

	"tcpsocket/scripts/sockettest"
)

// A silent server (it accepts, then sends nothing and never closes) keeps
// the tutorial's client in read() forever. With -timeout, SO_RCVTIMEO
// (socket(7)) ends that read, and the client says which timeout expired.
func TestClientTimeout(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	ln, port := sockettest.Listen(t)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		t.Cleanup(func() { conn.Close() })
	}()
	start := time.Now()
	r := sockettest.Run(t, bin.Client, "-port", strconv.Itoa(port), "-timeout", "300ms")
	want := "Error : Read error: nothing arrived for 300ms: -timeout expired (SO_RCVTIMEO)\n"
	if r.Code != 1 || r.Stdout != want {
		t.Errorf("client: %v; want exit 1, stdout %q", r, want)
	}
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Errorf("the client gave up after %v, before its -timeout of 300ms", took)
	}
}
