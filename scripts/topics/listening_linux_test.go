package topics_test

import (
	"regexp"
	"strconv"
	"testing"

	"tcpsocket/scripts/sockettest"
)

// listening matches the line that the C servers here (and listener)
// write to standard error once they listen, on a port the kernel chose.
var listening = regexp.MustCompile(`listening on 127\.0\.0\.1:(\d+)\n`)

// startListening starts argv, a program that writes listening's line
// (the program itself, or strace running it), and returns it and its
// port once it has: its readiness signal. The line is one write(2) of
// fewer than PIPE_BUF bytes, which a pipe passes whole (pipe(7)), so once
// its start has arrived, so has its end.
func startListening(t *testing.T, argv ...string) (*sockettest.Process, int) {
	t.Helper()
	p := sockettest.Start(t, argv[0], argv[1:]...)
	p.MustWaitStderr(t, "listening on 127.0.0.1:")
	m := listening.FindStringSubmatch(p.Stderr())
	if m == nil {
		p.Stop()
		t.Fatalf("%s: no whole listening line in %q", argv[0], p.Stderr())
	}
	port, _ := strconv.Atoi(m[1])
	return p, port
}
