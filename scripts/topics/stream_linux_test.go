package topics_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TCP keeps no trace of the writes that made its byte stream (tcp(7): "a
// reliable, stream-oriented, full-duplex connection"): twowrites writes
// "Hello\n" and "world\n", and lateread, which reads only once the
// server's FIN is in (POLLRDHUP, poll(2), Linux's), gets both in one
// read. It splits them at the newlines.
func TestTwoWritesOneRead(t *testing.T) {
	t.Parallel()
	server, port := startTracedListening(t, "write,close", compileC(t, "twowrites"))
	client := startTraced(t, "poll,read", compileC(t, "lateread"), strconv.Itoa(port))
	reads, r := client.calls(t, "sockfd")
	writes, sr := server.calls(t, "connfd")
	if r.Code != 0 || sr.Code != 0 || r.Stdout != "message 1: Hello\nmessage 2: world\n" {
		t.Fatalf("lateread: %v; twowrites: %v", r, sr)
	}
	lines := session("strace -e trace=write,close ./twowrites &", writes, "")
	lines = append(lines, session("strace -e trace=poll,read ./lateread PORT", reads, r.Stdout)...)
	showsRun(t, "twowrites", lines, look{})
}

// A blocking write(2) returns less than it was asked for when its wait
// for room in the kernel's buffers ends early: here by SO_SNDTIMEO
// (socket(7): "If the timeout expires ... the partial amount of data
// transferred is returned"). shortwrite writes 64 MiB to a listener that
// accepts nothing, whose kernel takes bytes until its buffers are full.
// How many depends on the machine's tcp_wmem and tcp_rmem, and how many
// writes return some before one returns EAGAIN on how soon the buffers
// fill: the block's counts are this machine's.
func TestShortWrite(t *testing.T) {
	t.Parallel()
	listener, port := startListening(t, compileC(t, "listener"), "10")
	client := startTraced(t, "write", compileC(t, "shortwrite"), strconv.Itoa(port))
	calls, r := client.calls(t, "sockfd")
	listener.Stop()
	const size = 64 << 20
	if r.Code != 1 || r.Stdout != "Error : Could not write: Resource temporarily unavailable\n" || len(calls) < 3 {
		t.Fatalf("shortwrite: %v, calls %q; want a short write, then EAGAIN", r, calls)
	}
	left := size
	for i, call := range calls[:len(calls)-2] {
		m := writeLine.FindStringSubmatch(call)
		if m == nil {
			t.Fatalf("call %d: %q is not a write that sent bytes", i+1, call)
		}
		asked, _ := strconv.Atoi(m[1])
		sent, _ := strconv.Atoi(m[2])
		if asked != left || sent <= 0 || sent >= asked {
			t.Fatalf("call %d: %q; want a short write of the %d bytes left", i+1, call, left)
		}
		left -= sent
	}
	if !strings.HasSuffix(calls[len(calls)-2], "= -1 EAGAIN (Resource temporarily unavailable)") {
		t.Fatalf("the last write: %q; want EAGAIN", calls[len(calls)-2])
	}
	lines := append([]string{"$ ./listener 10 &"}, session("strace -e trace=write ./shortwrite PORT", calls, r.Stdout)...)
	showsRun(t, "shortwrite", lines, look{varies: regexp.MustCompile(`\.\.\., \d+\)( = \d+)?`), repeats: true})
}

// writeLine is a write that sent some bytes: what it was asked, and what
// it sent.
var writeLine = regexp.MustCompile(`^write\(sockfd, "x+"\.\.\., (\d+)\) = (\d+)$`)
