package topics_test

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"tcpsocket/scripts/internal/ss"
	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// The settings that bound the two queues behind listen(), as this
// machine has them (tcp(7), listen(2)).
var queueSettings = []string{"core/somaxconn", "ipv4/tcp_max_syn_backlog", "ipv4/tcp_syncookies"}

// TestQueueSettings shows this machine's values. They differ from machine
// to machine; the block keeps the values of the machine that made it.
func TestQueueSettings(t *testing.T) {
	t.Parallel()
	lines := []string{"$ cd /proc/sys/net && grep . " + strings.Join(queueSettings, " ")}
	for _, name := range queueSettings {
		lines = append(lines, name+":"+strconv.Itoa(sysctl(t, name)))
	}
	showsRun(t, "syn-settings", lines, look{varies: regexp.MustCompile(`:\d+$`)})
}

// sysctl reads /proc/sys/net/NAME, a number.
func sysctl(t *testing.T, name string) int {
	t.Helper()
	raw, err := os.ReadFile("/proc/sys/net/" + name)
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil {
		t.Fatalf("/proc/sys/net/%s: %v", name, err)
	}
	return n
}

// listen(2): "If the backlog argument is greater than the value in
// /proc/sys/net/core/somaxconn, then it is silently truncated to that
// value." ss shows a listener's backlog as its Send-Q.
func TestBacklogCapped(t *testing.T) {
	t.Parallel()
	listener := compileC(t, "listener")
	lines := []string{"$ ./listener 10 & ./listener 100000 & ss -lnt", ss.Header}
	for _, backlog := range []string{"10", "100000"} {
		p, port := startListening(t, listener, backlog)
		socks := sockets(t, port)
		p.Stop()
		if len(socks) != 1 || socks[0].state != "LISTEN" {
			t.Fatalf("listener %s: sockets %v; want one listener", backlog, socks)
		}
		if want := min(atoi(backlog), sysctl(t, "core/somaxconn")); socks[0].sendQ != want {
			t.Errorf("listener %s: Send-Q %d; want %d", backlog, socks[0].sendQ, want)
		}
		lines = append(lines, socks[0].line())
	}
	showsRun(t, "syn-backlog", lines, look{varies: regexp.MustCompile(`^LISTEN 0 \d{3,} `)})
}

// The SYN queue, made visible. A listener with TCP_DEFER_ACCEPT (tcp(7))
// keeps each connection there, in SYN-RECV, after its handshake, until the
// client sends data, which the tutorial's client never does. Seven clients
// connect to a listener of backlog 2, one at a time. tcp_conn_request
// (net/ipv4/tcp_input.c) decides each SYN:
//   - while the SYN queue is not full, the SYN goes into it. Full is more
//     than the backlog (inet_csk_reqsk_queue_is_full,
//     include/net/inet_connection_sock.h); kernels before the 2025 fix
//     "tcp/dccp: allow a connection when sk_max_ack_backlog is zero" said
//     as many as the backlog, so they hold one fewer;
//   - once it is full, with tcp_syncookies 1, the kernel answers with a SYN
//     cookie and keeps nothing; the client's ACK brings the cookie back,
//     and the connection goes straight into the accept queue
//     (cookie_v4_check, net/ipv4/syncookies.c), which TCP_DEFER_ACCEPT
//     does not hold back;
//   - once the accept queue is full too (more than the backlog:
//     sk_acceptq_is_full, include/net/sock.h), the SYN is dropped, and its
//     client waits in SYN-SENT to send it again.
func TestSYNQueueAndCookies(t *testing.T) {
	t.Parallel()
	if n := sysctl(t, "ipv4/tcp_syncookies"); n != 1 {
		t.Skipf("net.ipv4.tcp_syncookies is %d here; this shows what 1, the default, does", n)
	}
	bin := sockettest.Build(t)
	const backlog, clients = 2, 7
	listener, port := startListening(t, compileC(t, "listener"), strconv.Itoa(backlog), "defer")
	var started []*sockettest.Process
	defer func() {
		for _, p := range started {
			p.Stop()
		}
		listener.Stop()
	}()
	var socks []socket
	for i := range clients {
		started = append(started, sockettest.Start(t, bin.Client, "-port", strconv.Itoa(port)))
		socks = settled(t, port, i+1)
	}
	count := map[string]int{}
	for _, s := range socks {
		count[s.side()+" "+s.state]++
	}
	synRecv := count["server SYN-RECV"]
	if synRecv != backlog && synRecv != backlog+1 {
		t.Fatalf("%d connections in the SYN queue; want %d or %d: %v", synRecv, backlog, backlog+1, socks)
	}
	want := map[string]int{
		"server LISTEN": 1, "server SYN-RECV": synRecv, "server ESTAB": backlog + 1,
		"client ESTAB": synRecv + backlog + 1, "client SYN-SENT": clients - synRecv - (backlog + 1),
	}
	if !sameCounts(count, want) {
		t.Fatalf("sockets: %v; want %v: %v", count, want, socks)
	}
	lines := append([]string{
		"$ ./listener 2 defer &",
		"$ bin/client -port PORT &   # 7 times, each once the one before has settled",
		"$ ss -tan '( sport = :PORT or dport = :PORT )'   # each kind of line once, × how many",
		ss.Header,
	}, groups(socks)...)
	if synRecv == backlog {
		// An older kernel: the block is a newer one's, and shows one
		// connection more in the SYN queue. The rest is checked above.
		t.Logf("this kernel holds %d connections in the SYN queue of a listener with backlog %d, as before 2025; the README shows a newer kernel's %d",
			synRecv, backlog, backlog+1)
		return
	}
	showsRun(t, "syn-queue", lines, look{})
}

// settled waits until the kernel has done what it will with the n clients
// started so far: each client's socket ESTAB (its handshake done, its
// connection in the SYN queue or the accept queue) or SYN-SENT (its SYN
// dropped), none half-way, every ESTAB client's connection on the server's
// side, and the listener's Recv-Q counting those in the accept queue. It
// polls the kernel's table (ss), the readiness signal here, as
// scripts/tour's backlog does, at most Timeout.
func settled(t *testing.T, port, n int) []socket {
	t.Helper()
	deadline := time.Now().Add(lab.Timeout)
	var socks []socket
	for time.Now().Before(deadline) {
		socks = sockets(t, port)
		count, queued := map[string]int{}, -1
		for _, s := range socks {
			count[s.side()+" "+s.state]++
			if s.state == "LISTEN" {
				queued = s.recvQ
			}
		}
		clients := count["client ESTAB"] + count["client SYN-SENT"]
		server := count["server SYN-RECV"] + count["server ESTAB"]
		if clients == n && server == count["client ESTAB"] && queued == count["server ESTAB"] {
			return socks
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("the sockets of %d clients did not settle within %v: %v", n, lab.Timeout, socks)
	return nil
}

// A socket is one line of ss -tan, its ports named as the README names
// them: the listener's PORT, any other EPHEMERAL.
type socket struct {
	state        string
	recvQ, sendQ int
	local, peer  string
}

func (s socket) side() string {
	if strings.HasSuffix(s.local, ":PORT") {
		return "server"
	}
	return "client"
}

func (s socket) line() string {
	return ss.Line(s.state, strconv.Itoa(s.recvQ), strconv.Itoa(s.sendQ), s.local, s.peer)
}

// sockets lists the TCP sockets on port, the listener's, on either side
// (ss(8), its filter: sport, dport), in the states a connection has until
// it closes: LISTEN, SYN-SENT, SYN-RECV, ESTAB. A TIME-WAIT left on the
// port by another test's earlier server is none of this one's.
func sockets(t *testing.T, port int) []socket {
	t.Helper()
	path := sockettest.RequireTool(t, "ss")
	p := strconv.Itoa(port)
	out, err := exec.Command(path, "-tanH", "sport = :"+p+" or dport = :"+p).Output()
	if err != nil {
		t.Fatalf("ss: %v", err)
	}
	var socks []socket
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(l)
		if len(f) < 5 {
			continue
		}
		for i := 3; i < 5; i++ {
			if j := strings.LastIndexByte(f[i], ':'); j >= 0 && f[i][j+1:] != "*" {
				if f[i][j+1:] == p {
					f[i] = f[i][:j+1] + "PORT"
				} else {
					f[i] = f[i][:j+1] + "EPHEMERAL"
				}
			}
		}
		if slices.Contains([]string{"LISTEN", "SYN-SENT", "SYN-RECV", "ESTAB"}, f[0]) {
			socks = append(socks, socket{f[0], atoi(f[1]), atoi(f[2]), f[3], f[4]})
		}
	}
	return socks
}

// groups lays out socks one line per kind, server's side first, with how
// many of each kind there are.
func groups(socks []socket) []string {
	order := []string{"LISTEN", "SYN-RECV", "ESTAB", "SYN-SENT"}
	slices.SortStableFunc(socks, func(a, b socket) int {
		if a.side() != b.side() {
			return strings.Compare(b.side(), a.side()) // server before client
		}
		return slices.Index(order, a.state) - slices.Index(order, b.state)
	})
	var lines []string
	var counts []int
	for _, s := range socks {
		if l := s.line(); len(lines) > 0 && lines[len(lines)-1] == l {
			counts[len(counts)-1]++
		} else {
			lines, counts = append(lines, l), append(counts, 1)
		}
	}
	for i := range lines {
		lines[i] = fmt.Sprintf("%-66s  × %d", lines[i], counts[i])
	}
	return lines
}

// sameCounts reports whether a and b count the same kinds the same, a
// kind counted 0 being the same as one not counted.
func sameCounts(a, b map[string]int) bool {
	for k, n := range a {
		if b[k] != n {
			return false
		}
	}
	for k, n := range b {
		if a[k] != n {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
