package main

import (
	"slices"
	"strings"
	"testing"

	"tcpsocket/scripts/internal/strace"
)

// The goroutines exercise's calls, grouped by the client they serve, in
// the two orders that strace's lines came in during the flake hunts: the
// C's children, one of whose close the trace shows after the other
// child's read; and Go, whose main goroutine moved to another thread and
// whose second client was served on the main thread.
func TestCallsGroupedByClient(t *testing.T) {
	t.Parallel()
	first, second := `read(connfd, "first client\n", 1024) = 13`, `read(connfd, "second client\n", 1024) = 14`
	tests := []struct {
		name string
		in   strace.Trace
		want []string
	}{
		{
			name: "C, fork per connection",
			in: strace.Trace{
				Calls: []string{"listen(listenfd, 10) = 0", "accept(listenfd, NULL, NULL) = connfd", "close(connfd) = 0",
					"close(listenfd) = 0", "accept(listenfd, NULL, NULL) = connfd", "close(connfd) = 0",
					"close(listenfd) = 0", second, `read(connfd, "", 1024) = 0`, first, "close(connfd) = 0",
					`read(connfd, "", 1024) = 0`, "close(connfd) = 0", "+++ killed by SIGTERM +++"},
				Tasks: []int{1, 1, 1, 2, 1, 1, 3, 3, 3, 2, 3, 2, 2, 1},
			},
			want: []string{"listen(listenfd, 10) = 0", "accept(listenfd, NULL, NULL) = connfd", "close(connfd) = 0",
				"accept(listenfd, NULL, NULL) = connfd", "close(connfd) = 0",
				"[task 2] close(listenfd) = 0", "[task 2] " + first, `[task 2] read(connfd, "", 1024) = 0`, "[task 2] close(connfd) = 0",
				"[task 3] close(listenfd) = 0", "[task 3] " + second, `[task 3] read(connfd, "", 1024) = 0`, "[task 3] close(connfd) = 0",
				"+++ killed by SIGTERM +++"},
		},
		{
			name: "Go, a goroutine per connection, moved between threads",
			in: strace.Trace{
				Calls: []string{"listen(listenfd, 10) = 0", "accept4(listenfd) = connfd", "accept4(listenfd) = connfd2",
					strings.Replace(second, "connfd", "connfd2", 1), `write(connfd2, "second client\n", 14) = 14`,
					first, `write(connfd, "first client\n", 13) = 13`, "close(connfd2) = 0", "close(connfd) = 0",
					"+++ killed by SIGTERM +++"},
				Tasks: []int{2, 2, 2, 1, 4, 3, 3, 1, 3, 1},
			},
			want: []string{"[task 2] listen(listenfd, 10) = 0", "[task 2] accept4(listenfd) = connfd", "[task 2] accept4(listenfd) = connfd2",
				"[task 3] " + first, `[task 3] write(connfd, "first client\n", 13) = 13`, "[task 3] close(connfd) = 0",
				strings.Replace(second, "connfd", "connfd2", 1), `[task 4] write(connfd2, "second client\n", 14) = 14`, "close(connfd2) = 0",
				"+++ killed by SIGTERM +++"},
		},
	}
	for _, tt := range tests {
		if got := calls(true, tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("%s:\n got: %s\nwant: %s", tt.name, strings.Join(got, "\n      "), strings.Join(tt.want, "\n      "))
		}
	}
	if got := calls(false, tests[0].in); !slices.Equal(got, tests[0].in.Calls) {
		t.Errorf("not about tasks: the calls were changed: %q", got)
	}
}
