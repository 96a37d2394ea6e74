package main

import (
	"bytes"
	"context"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// On a terminal, the C's stdout is line buffered (setvbuf(3): "when it
// refers to a terminal, it is line buffered"), so each line shows as it
// arrives. The Go client does the same: a server that sends one line, then
// waits, shows that line at once, not at end of file.
func TestLineBufferedOnTerminal(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	ln, port := sockettest.Listen(t)

	ctx, cancel := context.WithTimeout(context.Background(), lab.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin.Client, "-port", strconv.Itoa(port))
	tty, err := pty.Start(cmd)
	if err != nil {
		sockettest.Missing(t, "no pseudo-terminal: "+err.Error())
	}
	defer tty.Close()
	var mu sync.Mutex
	var screen bytes.Buffer
	go func() {
		buf := make([]byte, 256)
		for {
			n, err := tty.Read(buf)
			mu.Lock()
			screen.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	shows := func(s string) bool {
		mu.Lock()
		defer mu.Unlock()
		return strings.Contains(screen.String(), s)
	}

	conn, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("line1\n"))
	deadline := time.Now().Add(5 * time.Second)
	for !shows("line1") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !shows("line1") {
		t.Errorf("line1 was not on the terminal 5 s after it was sent, while the connection stayed open: the client holds it until end of file")
	}
	conn.Write([]byte("line2\n"))
	conn.Close()
	if err := cmd.Wait(); err != nil {
		t.Errorf("client: %v", err)
	}
	deadline = time.Now().Add(5 * time.Second)
	for !shows("line2") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !shows("line1\r\nline2\r\n") {
		mu.Lock()
		t.Errorf("terminal shows %q; want both lines", screen.String())
		mu.Unlock()
	}
}
