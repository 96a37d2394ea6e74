package main

import (
	"slices"
	"strings"
	"testing"

	"tcpsocket/scripts/internal/sidebyside"
)

// A Go server's trace as strace -f -yy writes it, shortened: the runtime's
// threads split calls into <unfinished ...> and resumed halves, a SIGURG
// interrupts accept4 (which the kernel restarts), and the socket is fd 5.
const goServerTrace = `4100  execve("./server", ["./server", "-port", "40000"], 0x7ffc /* 20 vars */) = 0
4100  mmap(NULL, 262144, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f00
4100  socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 5<TCP:[81234]>
4100  bind(5<TCP:[81234]>, {sa_family=AF_INET, sin_port=htons(40000), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
4100  listen(5<TCP:[127.0.0.1:40000]>, 10 <unfinished ...>
4101  nanosleep({tv_sec=0, tv_nsec=20000},  <unfinished ...>
4100  <... listen resumed>)             = 0
4100  accept4(5<TCP:[127.0.0.1:40000]>, 0xc000, [112], 0) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
4100  --- SIGURG {si_signo=SIGURG, si_code=SI_TKILL, si_pid=4100, si_uid=0} ---
4100  accept4(5<TCP:[127.0.0.1:40000]>, {sa_family=AF_INET, sin_port=htons(51234), sin_addr=inet_addr("127.0.0.1")}, [112 => 16], 0) = 6<TCP:[127.0.0.1:40000->127.0.0.1:51234]>
4101  <... nanosleep resumed>NULL)      = 0
4100  getsockopt(5<TCP:[127.0.0.1:40000]>, SOL_SOCKET, SO_PROTOCOL, [6], [4]) = 0
4100  write(6<TCP:[127.0.0.1:40000->127.0.0.1:51234]>, "Server Message", 14) = 14
4100  close(6<TCP:[127.0.0.1:40000->127.0.0.1:51234]>) = 0
4101  +++ exited with 0 +++
4100  +++ exited with 0 +++
`

func TestParseTrace(t *testing.T) {
	t.Parallel()
	tr, err := parseTrace(goServerTrace, serverFDs, 40000)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = listenfd`,
		`bind(listenfd, {sa_family=AF_INET, sin_port=htons(PORT), sin_addr=inet_addr("127.0.0.1")}, 16) = 0`,
		`listen(listenfd, 10) = 0`,
		`accept4(listenfd, {sa_family=AF_INET, sin_port=htons(EPHEMERAL), sin_addr=inet_addr("127.0.0.1")}, [112 => 16], 0) = connfd`,
		`getsockopt(listenfd, SOL_SOCKET, SO_PROTOCOL, [6], [4]) = 0`,
		`write(connfd, "Server Message", 14) = 14`,
		`close(connfd) = 0`,
		`+++ exited with 0 +++`,
	}
	if !slices.Equal(tr.Calls, want) {
		t.Errorf("calls:\n got: %s\nwant: %s", strings.Join(tr.Calls, "\n      "), strings.Join(want, "\n      "))
	}
	if tr.Other != 3 || tr.Signals != 1 || tr.Restarted != 1 {
		t.Errorf("other %d, signals %d, restarted %d; want 3, 1, 1", tr.Other, tr.Signals, tr.Restarted)
	}
}

func TestParseTraceErrors(t *testing.T) {
	t.Parallel()
	for name, raw := range map[string]string{
		"not strace -f output": "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3\n",
		"no exit line":         "12  close(3<TCP:[1]>) = 0\n",
	} {
		if _, err := parseTrace(raw, clientFDs, 1); err == nil {
			t.Errorf("%s: parseTrace gave no error", name)
		}
	}
}

func TestAlign(t *testing.T) {
	t.Parallel()
	c := []string{"socket() = listenfd", "listen(listenfd, 10) = 0", "accept(listenfd, NULL, NULL) = connfd", "close(connfd) = 0"}
	tests := []struct {
		name      string
		goCalls   []string
		wantRows  int
		wantBad   int
		wantFirst string // the Go side of the first row that is not the same
	}{
		{"identical", c, 4, 0, ""},
		{
			name:      "accept4 and getsockopt, explained",
			goCalls:   []string{c[0], c[1], "accept4(listenfd, {sa_family=AF_INET, sin_port=htons(EPHEMERAL)}, [112 => 16], 0) = connfd", "getsockopt(listenfd, SOL_SOCKET, SO_PROTOCOL, [6], [4]) = 0", c[3]},
			wantRows:  5,
			wantBad:   0,
			wantFirst: "accept4(listenfd, {sa_family=AF_INET, sin_port=htons(EPHEMERAL)}, [112 => 16], 0) = connfd",
		},
		{"backlog changed", []string{c[0], "listen(listenfd, 128) = 0", c[2], c[3]}, 4, 1, "listen(listenfd, 128) = 0"},
		{"a call missing", []string{c[0], c[2], c[3]}, 4, 1, ""},
		{"a call added", []string{c[0], c[1], "setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0", c[2], c[3]}, 5, 1, "setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0"},
		{"accept4 with SOCK_CLOEXEC is not accept", []string{c[0], c[1], "accept4(listenfd, {sa_family=AF_INET}, [112 => 16], SOCK_CLOEXEC) = connfd", c[3]}, 4, 1, "accept4(listenfd, {sa_family=AF_INET}, [112 => 16], SOCK_CLOEXEC) = connfd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rows := align(c, tt.goCalls)
			first := ""
			for _, r := range rows {
				if !r.Same() {
					first = r.Go
					break
				}
			}
			if len(rows) != tt.wantRows || sidebyside.Unexplained(rows) != tt.wantBad || first != tt.wantFirst {
				t.Errorf("rows %d, unexplained %d, first difference %q; want %d, %d, %q\n%+v",
					len(rows), sidebyside.Unexplained(rows), first, tt.wantRows, tt.wantBad, tt.wantFirst, rows)
			}
		})
	}
}

func TestExplainErrorMessage(t *testing.T) {
	t.Parallel()
	c := `write(1, "Error : Connect Failed\n", 23) = 23`
	tests := []struct {
		goLine string
		want   bool
	}{
		{`write(1, "Error : Connect Failed: connection refused (ECONNREFUSED)\n", 58) = 58`, true},
		{`write(1, "Error : Connect Failed: connection refused (ECONNREFUSED)\nhint: is a server running?\n", 83) = 83`, true},
		{`write(1, "Error : Connect failed: connection refused (ECONNREFUSED)\n", 58) = 58`, false},
		{`write(1, "Error : Connect Failed: connection refused\n", 44) = 44`, false},
		{`write(1, "Error : Read error: connection refused (ECONNREFUSED)\n", 54) = 54`, false},
		{`write(2, "Error : Connect Failed: connection refused (ECONNREFUSED)\n", 58) = 58`, false},
	}
	for _, tt := range tests {
		if got := explain(row{C: c, Go: tt.goLine}) != ""; got != tt.want {
			t.Errorf("explain(%q) = %v; want %v", tt.goLine, got, tt.want)
		}
	}
}

// An IPv6 call is explained when, written for IPv4, it is the C's call; a
// changed backlog or read size is still a difference over IPv6.
func TestExplainIPv6(t *testing.T) {
	t.Parallel()
	in6 := `{sa_family=AF_INET6, sin6_port=htons(PORT), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}`
	in4 := `{sa_family=AF_INET, sin_port=htons(PORT), sin_addr=inet_addr("127.0.0.1")}`
	tests := []struct {
		c, goLine string
		want      bool
	}{
		{`socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = sockfd`, `socket(AF_INET6, SOCK_STREAM, IPPROTO_IP) = sockfd`, true},
		{`connect(sockfd, ` + in4 + `, 16) = 0`, `connect(sockfd, ` + in6 + `, 28) = 0`, true},
		{`bind(listenfd, ` + in4 + `, 16) = 0`, `bind(listenfd, ` + strings.Replace(in6, "::1", "::2", 1) + `, 28) = 0`, false},
		{`socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = sockfd`, `socket(AF_INET6, SOCK_DGRAM, IPPROTO_IP) = sockfd`, false},
		{`accept(listenfd, NULL, NULL) = connfd`, `accept4(listenfd, ` + strings.Replace(in6, "PORT", "EPHEMERAL", 1) + `, [112 => 28], 0) = connfd`, true},
	}
	for _, tt := range tests {
		if got := explain(row{C: tt.c, Go: tt.goLine}) != ""; got != tt.want {
			t.Errorf("explain(%q, %q) = %v; want %v", tt.c, tt.goLine, got, tt.want)
		}
	}
}

// make compare WIDTH=80: no line is wider than 80 columns, and every call
// and explanation is still there, word for word.
func TestPrintWidth(t *testing.T) {
	t.Parallel()
	tr, err := parseTrace(goServerTrace, serverFDs, 40000)
	if err != nil {
		t.Fatal(err)
	}
	c := comparison{Title: "a Go server against itself, one call dropped", C: tr, Go: tr}
	c.Rows = align(tr.Calls[:3], tr.Calls)
	for _, width := range []int{40, 80, 100} {
		var out strings.Builder
		printComparison(&out, c, width)
		for _, line := range strings.Split(out.String(), "\n") {
			if len(line) > width {
				t.Errorf("width %d: a line of %d columns: %q", width, len(line), line)
			}
		}
		words := strings.Fields(out.String())
		for _, r := range c.Rows {
			for _, want := range append(strings.Fields(r.C), append(strings.Fields(r.Go), strings.Fields(r.Why)...)...) {
				if !slices.Contains(words, want) && len(want) < width-6 {
					t.Errorf("width %d: %q is missing from the output:\n%s", width, want, out.String())
				}
			}
		}
	}
	var wide strings.Builder
	printComparison(&wide, c, 0)
	if !strings.Contains(wide.String(), " | ") {
		t.Errorf("width 0: not side by side:\n%s", wide.String())
	}
}
