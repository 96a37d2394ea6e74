//go:build linux && (amd64 || arm64)

package main

import (
	"strings"
	"testing"

	"tcpsocket/scripts/internal/netns/netnstest"
	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/readmetest"
	"tcpsocket/scripts/sockettest"
)

// TestMain: this test binary is also the copy that netns.Run starts.
func TestMain(m *testing.M) { netnstest.TestMain(m, pairMain) }

// The tour shows, from real runs of both pairs, in order, what the
// tutorial says the kernel does; the C and the Go leave the same states;
// and scripts/tour/README.md shows what the code does now.
func TestTour(t *testing.T) {
	if lab.Emulator != "" {
		// ptrace(2) of a program that qemu-user runs traces qemu, not the
		// program's calls; and the test binary would have to run again
		// under unshare, which needs binfmt_misc for an arm64 binary.
		t.Skip("under qemu-user the programs cannot be stepped with ptrace; make test runs the tour natively")
	}
	for _, tool := range []string{"unshare", "ss", "cc"} {
		sockettest.RequireTool(t, tool)
	}
	bin := sockettest.Build(t)
	out, states, unexplained, err := compareTours(bin, 80)
	netnstest.Check(t, out, unexplained, err)
	if strings.Contains(out, "kernel: no record") {
		// tcpstates.Start said why: not root, no tracefs, no tracepoint.
		sockettest.Missing(t, "no kernel record of the states here:\n"+out)
	}
	sockettest.Fits(t, "make tour", out, 80)
	sockettest.Fits(t, "the tour's states", states, 80)
	flat := strings.Join(strings.Fields(out), " ")
	at := 0
	for _, want := range []string{
		// bind(2): the port is taken, though an ss older than Linux 6.5's
		// sock_diag (which reports bound-only sockets) lists nothing yet.
		"bind(listenfd, {AF_INET, 127.0.0.1:5000}, 16) = 0",
		"ss: (none listed",
		"= -1 EADDRINUSE: the port is taken all the same",
		// listen(2): ss shows a listener's backlog as its Send-Q.
		"listen(listenfd, 10) = 0",
		"kernel: listener: new -> LISTEN",
		"ss: LISTEN 0 10 127.0.0.1:5000",
		// connect(2) returns once the kernel has made the handshake, before
		// accept(): both ends ESTABLISHED, the connection queued (Recv-Q 1).
		// The kernel's record has each state in passing: the client's
		// SYN-SENT until the SYN-ACK; the server's side, made by the
		// listener's kernel when the handshake's ACK arrives, SYN-RECV.
		"connect(sockfd, {AF_INET, 127.0.0.1:5000}, 16) = 0",
		"kernel: client's side: new -> SYN-SENT",
		"kernel: client's side: SYN-SENT -> ESTAB",
		"kernel: server's side: new -> SYN-RECV",
		"kernel: server's side: SYN-RECV -> ESTAB",
		"ss: ESTAB 0 0 127.0.0.1:5000 127.0.0.1:EPHEMERAL",
		"ss: LISTEN 1 10 127.0.0.1:5000",
		"(listenfd, NULL, NULL) = connfd",
		"ss: LISTEN 0 10 127.0.0.1:5000",
		// write(2): the 14 bytes wait in the client's receive queue.
		`write(connfd, "Server Message", 14) = 14`,
		"ss: ESTAB 14 0 127.0.0.1:EPHEMERAL 127.0.0.1:5000",
		`read(sockfd, "Server Message", 1023) = 14`,
		// close(2): the server's FIN; the client's side is CLOSE-WAIT, the
		// server's FIN-WAIT-2 once the client's kernel has acknowledged it.
		// The kernel's record: FIN-WAIT-1 from the close until the ACK,
		// CLOSE-WAIT where the FIN arrives; the closed, orphaned socket in
		// FIN-WAIT-2 is handed to a TIME-WAIT socket (tcp_close,
		// tcp_time_wait), which ss goes on listing as FIN-WAIT-2.
		"close(connfd) = 0",
		"kernel: server's side: ESTAB -> FIN-WAIT-1",
		"kernel: client's side: ESTAB -> CLOSE-WAIT",
		"kernel: server's side: FIN-WAIT-1 -> FIN-WAIT-2",
		"kernel: server's side: FIN-WAIT-2 -> CLOSED: handed to a TIME-WAIT socket",
		"ss: CLOSE-WAIT 1 0 127.0.0.1:EPHEMERAL 127.0.0.1:5000",
		"ss: FIN-WAIT-2 0 0 127.0.0.1:5000 127.0.0.1:EPHEMERAL",
		"kernel: listener: LISTEN -> CLOSED",
		`read(sockfd, "", 1023) = 0`,
		// The passive close: the client's exit sends its FIN (LAST-ACK)
		// and the last ACK ends it.
		"kernel: client's side: CLOSE-WAIT -> LAST-ACK",
		"kernel: client's side: LAST-ACK -> CLOSED",
		// The side that sent the first FIN waits in TIME_WAIT (RFC 9293 3.6:
		// 2 MSL; Linux waits a constant 60 s, TCP_TIMEWAIT_LEN).
		"ss: TIME-WAIT 0 0 127.0.0.1:5000 127.0.0.1:EPHEMERAL",
	} {
		i := strings.Index(flat[at:], want)
		if i < 0 {
			t.Fatalf("the tour lacks %q after what came before it:\n%s", want, out)
		}
		at += i + len(want)
	}
	// The backlog (sk_acceptq_is_full in include/net/sock.h: full when
	// more than the backlog wait): 11 of 15 complete the handshake, 4 wait
	// in SYN-SENT; once the one accept() has run and the server is gone, the
	// 10 still queued are reset and the 4 refused.
	for _, want := range []string{
		"ss: LISTEN 11 10 127.0.0.1:5000",
		"ss: 11 client sockets ESTAB",
		"ss: 4 client sockets SYN-SENT",
		"10 Error : Read error: connected, then reset",
		"4 Error : Connect Failed",
		`1 printed "Server Message"`,
	} {
		i := strings.Index(flat[at:], want)
		if i < 0 {
			t.Fatalf("the backlog part lacks %q after what came before it:\n%s", want, out)
		}
		at += i + len(want)
	}
	// The states, from the kernel's record, the same for both pairs.
	for _, want := range []string{
		"The C pair and the Go pair alike:",
		"server's side: - -> SYN-RECV -> ESTAB -> FIN-WAIT-1 -> FIN-WAIT-2 -> TIME-WAIT",
		"client's side: - -> SYN-SENT -> ESTAB -> CLOSE-WAIT -> LAST-ACK -> -",
		"listener:      - -> LISTEN -> -",
	} {
		if !strings.Contains(states, want+"\n") {
			t.Errorf("the states lack %q:\n%s", want, states)
		}
	}
	readmetest.CheckBlock(t, "scripts/tour/README.md", "tour", out, "tour-readme")
	// The lesson's README shows the states, and quotes the tour as it is.
	readmetest.CheckBlock(t, "README.md", "tour-states", states, "tour-readme")
	readmetest.QuotesIn(t, "README.md", "tour-quote", out)
	// And each ss line under the steps of the call-by-call pages is one
	// the tour prints.
	for _, file := range []string{"server/README.md", "client/README.md"} {
		lines := readmetest.StepLines(t, file, "ss")
		if len(lines) == 0 {
			t.Errorf("%s shows no ss line under its steps", file)
		}
		for _, line := range lines {
			if !strings.Contains(flat, "ss: "+line) {
				t.Errorf("%s shows %q after a call, which the tour does not print", file, line)
			}
		}
	}
}
