package main

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"tcpsocket/scripts/internal/sidebyside"
)

// make compare-net: the C, the port, and the same programs written the
// usual Go way, with the net package (scripts/netport), for the exchange
// and the two failures a learner meets first. The C and the port make the
// same calls (make compare); what net adds is each explained by the Go
// source that makes it, a file under $GOROOT/src and a piece of its text,
// which TestNetExplanationsCiteGo finds there: a Go release that moves it
// fails the test instead of leaving the explanation stale.

// A netCall is a call that Go's net makes where the port makes none, or
// makes differently: the pattern that matches net's line, what it does
// and why, and where Go makes it.
type netCall struct {
	pattern *regexp.Regexp
	why     string
	file    string // under $GOROOT/src
	text    string // in file
	timing  bool   // seen only when the peer is slower than this side: a run may lack it
	alone   bool   // never the twin of a call of the port's (a probe, a wait)
}

var netCalls = []netCall{
	{pattern: regexp.MustCompile(`^socket\(AF_INET, SOCK_STREAM\|SOCK_CLOEXEC\|SOCK_NONBLOCK, IPPROTO_TCP\) = listenfd$|AF_INET6|IPV6_V6ONLY`),
		why:  "net's first Listen probes the IP stack, once per process: an IPv4 socket, then IPv6 sockets bound to ::1 and ::ffff:127.0.0.1 with IPV6_V6ONLY 1 and 0, to learn what the machine supports",
		file: "net/ipsock_posix.go", text: "func (p *ipStackCapabilities) probe()", alone: true},
	{pattern: regexp.MustCompile(`^socket\(AF_INET, SOCK_STREAM\|SOCK_CLOEXEC\|SOCK_NONBLOCK, IPPROTO_MPTCP\)`),
		why:  "a listener is Multipath TCP where the kernel has it (Go 1.24 and later), after a probe socket that tells whether it has; it falls back to TCP",
		file: "net/mptcpsock_linux.go", text: "_IPPROTO_MPTCP"},
	{pattern: regexp.MustCompile(`^bind\(listenfd, .*= -1 EADDRINUSE`),
		why:  "the Multipath TCP listener's bind failed, and net tries again with plain TCP, on any error",
		file: "net/mptcpsock_linux.go", text: "But also fallback in case of any error with MPTCP", alone: true},
	{pattern: regexp.MustCompile(`^close\((listenfd|connfd|sockfd)\) = 0$`),
		why:  "closes a probe socket (the IP stack's or Multipath TCP's, above), or a socket that it could not bind or connect, before it returns the error",
		file: "net/ipsock_posix.go", text: "poll.CloseFunc(s)", alone: true},
	{pattern: regexp.MustCompile(`^socket\(AF_INET, SOCK_STREAM\|SOCK_CLOEXEC\|SOCK_NONBLOCK, IPPROTO_(IP|TCP)\) = (listenfd|sockfd)$`),
		why:  "every socket is made non-blocking and close-on-exec in the same call: the goroutine, not the thread, waits, in the runtime's netpoller",
		file: "net/sock_cloexec.go", text: "sotype|syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC"},
	{pattern: regexp.MustCompile(`^setsockopt\(listenfd, SOL_SOCKET, SO_REUSEADDR, \[1\], 4\) = 0$`),
		why:  "SO_REUSEADDR on every listener, so that a restarted server binds through TIME_WAIT: a Go learner never meets the tutorial's EADDRINUSE after a restart",
		file: "net/sockopt_linux.go", text: "syscall.SO_REUSEADDR, 1"},
	{pattern: regexp.MustCompile(`^listen\(listenfd, \d+\) = 0$`),
		why:  "the backlog is the kernel's largest, read from /proc/sys/net/core/somaxconn, not 10",
		file: "net/sock_linux.go", text: "/proc/sys/net/core/somaxconn"},
	{pattern: regexp.MustCompile(`^epoll_ctl\(epfd, EPOLL_CTL_ADD, `),
		why:  "the socket joins the runtime's netpoller (epoll(7)), which wakes the goroutine that waits on it",
		file: "internal/poll/fd_poll_runtime.go", text: "runtime_pollOpen(uintptr(fd.Sysfd))", alone: true},
	{pattern: regexp.MustCompile(`^epoll_ctl\(epfd, EPOLL_CTL_DEL, `),
		why:  "Close takes the socket out of the netpoller first",
		file: "internal/poll/fd_poll_runtime.go", text: "runtime_pollClose(pd.runtimeCtx)"},
	{pattern: regexp.MustCompile(`^get(sock|peer)name\(`),
		why:  "net keeps each socket's addresses, for Addr, LocalAddr and RemoteAddr",
		file: "net/sock_posix.go", text: "syscall.Getsockname(fd.pfd.Sysfd)"},
	{pattern: regexp.MustCompile(`^accept4\(listenfd, 0x…, \[112\], SOCK_CLOEXEC\|SOCK_NONBLOCK\) = -1 EAGAIN`),
		why:  "the listener is non-blocking: no connection yet, so the goroutine parks in the netpoller until epoll says one has come",
		file: "internal/poll/fd_unix.go", text: "func (fd *FD) Accept()", timing: true, alone: true},
	{pattern: regexp.MustCompile(`^accept4\(listenfd, .*SOCK_CLOEXEC\|SOCK_NONBLOCK\) = connfd$`),
		why:  "accept4 with SOCK_NONBLOCK|SOCK_CLOEXEC: the connection is non-blocking and close-on-exec too",
		file: "internal/poll/sock_cloexec.go", text: "syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC"},
	{pattern: regexp.MustCompile(`TCP_NODELAY, \[1\]`),
		why:  "TCP_NODELAY on every connection: no Nagle, a small write goes at once (latency over fewer segments)",
		file: "net/tcpsock.go", text: "setNoDelay(fd, true)"},
	{pattern: regexp.MustCompile(`SO_KEEPALIVE, \[1\]|TCP_KEEP(IDLE|INTVL|CNT), `),
		why:  "keep-alive on every connection: after 15 s idle, a probe every 15 s, 9 unanswered and it is dead",
		file: "net/dial.go", text: "defaultTCPKeepAliveIdle = 15 * time.Second"},
	{pattern: regexp.MustCompile(`^connect\(sockfd, .*\) = -1 EINPROGRESS`),
		why:  "a non-blocking connect returns at once; the goroutine waits in the netpoller until the socket is writable",
		file: "net/fd_unix.go", text: "case syscall.EINPROGRESS, syscall.EALREADY, syscall.EINTR:"},
	{pattern: regexp.MustCompile(`^getsockopt\(sockfd, SOL_SOCKET, SO_ERROR, `),
		why:  "then it reads how the handshake ended from SO_ERROR (connect(2))",
		file: "net/fd_unix.go", text: "syscall.SOL_SOCKET, syscall.SO_ERROR"},
	{pattern: regexp.MustCompile(`^read\(sockfd, .*\) = -1 EAGAIN`),
		why:  "the socket is non-blocking: nothing yet, so the goroutine parks in the netpoller until data comes",
		file: "internal/poll/fd_unix.go", text: "func (fd *FD) Read(", timing: true, alone: true},
	{pattern: regexp.MustCompile(`^write\(2, "(server|client): `),
		why:  "log.Fatal: net's error, naming the operation, the address and the call, on standard error, then exit status 1",
		file: "log/log.go", text: "New(os.Stderr,"},
}

// explainNet says why net's line differs from the port's, or "". A net
// call stands in for a port's only if it is the same call (socket for
// socket) and not one that net makes alone.
func explainNet(r sidebyside.Row) string {
	c := matchNet(r.Go)
	if c == nil || r.Go == "" {
		return ""
	}
	if r.C != "" && (c.alone || callName(r.C) != callName(r.Go)) {
		return ""
	}
	return c.why + " (" + c.file + ")"
}

func callName(line string) string {
	name, _, _ := strings.Cut(line, "(")
	return name
}

func matchNet(line string) *netCall {
	for i := range netCalls {
		if netCalls[i].pattern.MatchString(line) {
			return &netCalls[i]
		}
	}
	return nil
}

// A row3 is one row of the three-way comparison.
type row3 struct {
	C, Port, Net string
	WhyPort      string // why the port differs from the C
	WhyNet       string // why net differs from the port
	unexplained  bool
}

// align3 lines the three up: the C with the port (as make compare does),
// the port with net, joined on the port's calls. A port's call and net's
// that stand at the same place but are not the same call become two rows.
func align3(c, port, net []string) []row3 {
	cp := align(c, port)
	var out []row3
	k := 0 // the next row of cp
	cAlone := func() {
		for ; k < len(cp) && cp[k].Go == ""; k++ {
			out = append(out, row3{C: cp[k].C, WhyPort: cp[k].Why, unexplained: cp[k].Why == ""})
		}
	}
	for _, r := range sidebyside.Align(port, net, explainNet) {
		if r.C != "" && r.Go != "" && r.Why == "" && !r.Same() {
			cAlone()
			out = append(out, portRow(cp, &k, sidebyside.Row{C: r.C}))
			r = sidebyside.Row{Go: r.Go, Why: explainNet(sidebyside.Row{Go: r.Go})}
		}
		if r.C == "" { // net alone
			out = append(out, row3{Net: r.Go, WhyNet: r.Why, unexplained: r.Why == ""})
			continue
		}
		cAlone()
		out = append(out, portRow(cp, &k, r))
	}
	for ; k < len(cp); k++ {
		out = append(out, row3{C: cp[k].C, WhyPort: cp[k].Why, unexplained: cp[k].Why == ""})
	}
	return out
}

// portRow is the row of the port's call r.C, with the C's from cp[*k].
// A port's call that net does not make is explained by its difference
// from the C, or, where the C makes it too, is net's to explain: no
// explanation applies then.
func portRow(cp []sidebyside.Row, k *int, r sidebyside.Row) row3 {
	row := row3{Port: r.C, Net: r.Go}
	if *k < len(cp) {
		row.C = cp[*k].C
		if !cp[*k].Same() {
			row.WhyPort = cp[*k].Why
			row.unexplained = cp[*k].Why == ""
		}
		*k++
	}
	if !r.Same() {
		row.WhyNet = r.Why
		row.unexplained = row.unexplained || (r.Why == "" && (r.Go != "" || row.WhyPort == ""))
	}
	return row
}

// printNet writes one three-way table: a call all three make on one line,
// marked =; else the C's, the port's and net's one above the other, and
// why (~; an explanation given before in the table is "as above"), or !
// where no explanation applies. No line is wider than width (0: no limit).
func printNet(w io.Writer, title string, rows []row3, width int) {
	fmt.Fprintln(w, sidebyside.Wrap("== "+title+" ==", width, "   "))
	given := map[string]bool{}
	for _, r := range rows {
		if r.C == r.Port && r.Port == r.Net {
			fmt.Fprintln(w, sidebyside.Wrap("= "+r.C, width, "      "))
			continue
		}
		mark := "~"
		if r.unexplained {
			mark = "!"
		}
		for i, side := range []struct{ name, call string }{{"C:   ", r.C}, {"port:", r.Port}, {"net: ", r.Net}} {
			m := " "
			if i == 0 {
				m = mark
			}
			call := side.call
			if call == "" {
				call = "(no call)"
			}
			fmt.Fprintln(w, sidebyside.Wrap(m+" "+side.name+" "+call, width, "        "))
		}
		for _, why := range []struct{ who, text string }{{"the port", r.WhyPort}, {"net", r.WhyNet}} {
			switch {
			case why.text == "":
			case given[why.text]:
				fmt.Fprintln(w, "      "+why.who+", as above")
			default:
				given[why.text] = true
				fmt.Fprintln(w, sidebyside.Wrap("      "+why.who+", because "+why.text, width, "      "))
			}
		}
	}
	fmt.Fprintln(w)
}

// unexplainedNet counts the rows no explanation covers.
func unexplainedNet(rows []row3) int {
	n := 0
	for _, r := range rows {
		if r.unexplained {
			n++
		}
	}
	return n
}
