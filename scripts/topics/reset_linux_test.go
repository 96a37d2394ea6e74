package topics_test

import (
	"regexp"
	"slices"
	"strconv"
	"syscall"
	"testing"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// sigpipe reads the tutorial's server's message to end of file, writes to
// the closed connection, which the server's kernel answers with a reset
// (tcp_rcv_state_process, net/ipv4/tcp_input.c, resets a connection
// whose reading side is shut down when data arrives), waits for that
// reset, and writes again. The second write fails with EPIPE: Linux
// reports a reset met in CLOSE-WAIT as EPIPE (tcp_reset,
// net/ipv4/tcp_input.c), and sends SIGPIPE with it (sk_stream_error,
// net/core/stream.c; send(2): "EPIPE ... In this case, the process will
// also receive a SIGPIPE unless MSG_NOSIGNAL is set"). The C dies of it.
// The Go program gets EPIPE and reports it: Go's runtime ignores SIGPIPE
// for descriptors other than 1 and 2 (sigpipe in runtime/signal_unix.go,
// epipecheck in os/file_unix.go; os/signal's "SIGPIPE").
func TestSIGPIPE(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	goDir := t.TempDir()
	if err := lab.BuildGo(goDir, "tcpsocket/scripts/topics/sigpipe"); err != nil {
		t.Fatal(err)
	}
	for _, run := range []struct {
		lang, prog, cmd, poll string
	}{
		{"c", compileC(t, "sigpipe"), "strace -e trace=write,poll ./sigpipe PORT", "poll"},
		{"go", goDir + "/sigpipe", "strace -e trace=write,ppoll ./sigpipe-go PORT", "ppoll"},
	} {
		srv := sockettest.StartServer(t, bin.Server)
		client := startTraced(t, "write,"+run.poll, run.prog, strconv.Itoa(srv.Port))
		calls, r := client.calls(t, "sockfd")
		if sr := srv.MustWait(t); sr.Code != 0 {
			t.Errorf("server: %v", sr)
		}
		if !slices.Contains(calls, `write(sockfd, "thanks", 6) = -1 EPIPE (Broken pipe)`) {
			t.Errorf("%s: %q; want the second write to fail with EPIPE", run.lang, calls)
		}
		switch run.lang {
		case "c":
			// strace ends itself with the signal that ended the program.
			if r.Signal != syscall.SIGPIPE {
				t.Errorf("C under strace: %v; want killed by SIGPIPE", r)
			}
		case "go":
			if r.Code != 1 || r.Stdout != "Error : Could not write: broken pipe (EPIPE)\n" {
				t.Errorf("Go: %v; want exit 1 and the EPIPE reported", r)
			}
			sockettest.NoPanic(t, r)
		}
		showsRun(t, "sigpipe-"+run.lang, session(run.cmd, calls, r.Stdout), look{})
	}
}

// Closing a socket whose received data is still unread sends a reset, not
// a FIN (RFC 1122, 4.2.2.13; __tcp_close in net/ipv4/tcp.c:
// "data_was_unread", then tcp_send_active_reset), and throws away what was
// still waiting to be sent. Linux still gives the peer what had reached
// it before the reset, then ECONNRESET: tcp_recvmsg returns queued bytes
// before it looks at the socket's error (net/ipv4/tcp.c). noread writes
// 256 KiB; the peer's receive buffer takes less (how much depends on
// tcp_rmem), and the rest is lost.
func TestResetOnUnreadData(t *testing.T) {
	t.Parallel()
	server, port := startTracedListening(t, "recvfrom,write,close", compileC(t, "noread"))
	client := startTraced(t, "write,poll,read", compileC(t, "request"), strconv.Itoa(port))
	reads, r := client.calls(t, "sockfd")
	writes, sr := server.calls(t, "connfd")
	const size = 256 << 10
	m := readCount.FindStringSubmatch(r.Stdout)
	if sr.Code != 0 || r.Code != 1 || m == nil {
		t.Fatalf("noread: %v; request: %v; want request to read, then fail with ECONNRESET", sr, r)
	}
	if n, _ := strconv.Atoi(m[1]); n <= 0 || n >= size {
		t.Fatalf("request read %d of the %d bytes noread wrote; want some, not all", n, size)
	}
	lines := session("strace -e trace=recvfrom,write,close ./noread &", writes, "")
	lines = append(lines, session("strace -e trace=write,poll,read ./request PORT", reads, r.Stdout)...)
	showsRun(t, "reset", lines, look{varies: regexp.MustCompile(`1048576\) = \d+|^read \d+`)})
}

// readCount is request's count of what it read, then the reset.
var readCount = regexp.MustCompile(`^read (\d+) bytes\nError : Read error: Connection reset by peer\n$`)
