package main

import (
	"os"
	"strings"
	"testing"

	"tcpsocket/scripts/internal/sidebyside"
)

// Each difference the comparison forgives is in the README's table, in
// the words the checker prints.
func TestReadmeSaysWhatIsForgiven(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, why := range append([]string{whyLoneRead, whyStdout, whyLonePoll, whyUnchecked, whyNotShown}, reasons()...) {
		if !strings.Contains(string(raw), why) {
			t.Errorf("README.md does not say what the checker prints: %q", why)
		}
	}
}

func reasons() []string {
	var out []string
	for _, r := range incidental {
		out = append(out, r.why)
	}
	return out
}

// The comparison forgives what is incidental, and only that.
func TestExplain(t *testing.T) {
	t.Parallel()
	both := []string{`read(connfd, "a", 1024) = 1`, `write(1, "a", 1) = 1`}
	explain := explainer(nil, both, both)
	neither := explainer(nil, nil, nil)
	tests := []struct {
		name    string
		explain func(sidebyside.Row) string
		c, g    string
		want    bool
	}{
		{"read sizes", explain, `read(sockfd, "received 14 bytes\n", 1023) = 18`, `read(sockfd, "received 14 bytes\n", 1024) = 18`, true},
		{"read contents", explain, `read(connfd, "Client Message", 1024) = 14`, `read(connfd, "Server Message", 1024) = 14`, false},
		{"another connection", explain, `close(connfd) = 0`, `close(connfd2) = 0`, true},
		{"a close the stop cut short", explain, `close(connfd) = 0`, `[task 2] close(connfd2) = ?`, true},
		{"a read the stop cut short", explain, `read(connfd, "", 1024) = 0`, `read(connfd, "", 1024) = ?`, false},
		{"another task", explain, `[task 2] close(connfd) = 0`, `[task 3] close(connfd2) = 0`, true},
		{"poll and ppoll", explain,
			`poll([{fd=listenfd, events=POLLIN}], 1, -1) = 1 ([{fd=listenfd, revents=POLLIN}])`,
			`ppoll([{fd=listenfd, events=POLLIN}], 1, NULL, NULL, 0) = 1 ([{fd=listenfd, revents=POLLIN}])`, true},
		{"poll with a timeout", explain,
			`poll([{fd=listenfd, events=POLLIN}], 1, 100) = 0 (Timeout)`,
			`ppoll([{fd=listenfd, events=POLLIN}], 1, NULL, NULL, 0) = 1 ([{fd=listenfd, revents=POLLIN}])`, false},
		{"accept and accept4 of another connection", explain, `accept(listenfd, NULL, NULL) = connfd`,
			`accept4(listenfd, {sa_family=AF_INET, sin_port=htons(EPHEMERAL), sin_addr=inet_addr("127.0.0.1")}, [112 => 16], 0) = connfd2`, true},
		{"a read more, where both read", explain, `read(connfd, "a", 1024) = 1`, ``, true},
		{"a read more, where one never reads", neither, `read(connfd, "a", 1024) = 1`, ``, false},
		{"a missing end of file", explain, `read(connfd, "", 1024) = 0`, ``, false},
		{"a write to a connection more", explain, `write(connfd, "a", 1) = 1`, ``, false},
		{"standard output elsewhere", explain, ``, `write(1, "port 4000\n", 10) = 10`, true},
		{"standard output that one never wrote", neither, `write(1, "received 14 bytes\n", 18) = 18`, ``, false},
		{"the printed port", explain, `write(1, "port 4000\n", 10) = 10`, `write(1, "port 39211\n", 11) = 11`, true},
		{"bind to 0 and to 5000", explain, `bind(listenfd, {sa_family=AF_INET, sin_port=htons(0)}, 16) = 0`, `bind(listenfd, {sa_family=AF_INET, sin_port=htons(PORT)}, 16) = 0`, false},
	}
	for _, tt := range tests {
		if got := tt.explain(sidebyside.Row{C: tt.c, Go: tt.g}) != ""; got != tt.want {
			t.Errorf("%s: explained %v; want %v", tt.name, got, tt.want)
		}
	}
}
