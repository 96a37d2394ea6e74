package main

import (
	"slices"
	"strings"
	"testing"

	"tcpsocket/scripts/internal/sidebyside"
	"tcpsocket/scripts/internal/strace"
)

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
	tr := strace.Trace{Calls: []string{
		`socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = listenfd`,
		`bind(listenfd, {sa_family=AF_INET, sin_port=htons(PORT), sin_addr=inet_addr("127.0.0.1")}, 16) = 0`,
		`listen(listenfd, 10) = 0`,
		`accept4(listenfd, {sa_family=AF_INET, sin_port=htons(EPHEMERAL), sin_addr=inet_addr("127.0.0.1")}, [112 => 16], 0) = connfd`,
		`write(connfd, "Server Message", 14) = 14`,
		`+++ exited with 0 +++`,
	}}
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
