package sidebyside

import (
	"slices"
	"strings"
	"testing"
)

// Stale compares what is the code's and forgives what is timing: a row
// that only timing puts there, and the counts in the footers.
func TestStale(t *testing.T) {
	const block = `== one exchange ==
= server > client [F.] seq 15 ack 1 len 0  -- FIN: the server's close()
= client > server [F.] seq 1 ack 16 len 0  -- FIN: the client's exit
  8 segments from the C pair, 8 from the Go pair; timestamps left out
`
	for _, tc := range []struct {
		name, out string
		want      []string
	}{
		{"the same", block, nil},
		{"a lone ACK in one pair, and the counts", `== one exchange ==
= server > client [F.] seq 15 ack 1 len 0  -- FIN: the server's close()
~ C:  client > server [.] seq 1 ack 16 len 0  -- ACK of the server's FIN: the client's kernel; read()
      returns 0
  Go: (no call)
      because a delayed ACK: sent alone here, carried by the client's FIN there; timing, not the program
= client > server [F.] seq 1 ack 16 len 0  -- FIN: the client's exit
  9 segments from the C pair, 8 from the Go pair; timestamps left out
`, nil},
		{"a lone ACK in one pair, its words wrapped", `== one exchange ==
= server > client [F.] seq 15 ack 1 len 0  -- FIN: the server's close()
~ C:  client > server [.] seq 1 ack 16 len 0  -- ACK of the
      server's FIN: the client's kernel; read() returns 0
  Go: (no call)
= client > server [F.] seq 1 ack 16 len 0  -- FIN: the client's exit
  9 segments from the C pair, 8 from the Go pair; timestamps left out
`, nil},
		{"a lone ACK in both pairs", `== one exchange ==
= server > client [F.] seq 15 ack 1 len 0  -- FIN: the server's close()
= client > server [.] seq 1 ack 16 len 0  -- ACK of the server's FIN: the client's kernel; read() returns 0
= client > server [F.] seq 1 ack 16 len 0  -- FIN: the client's exit
  9 segments from the C pair, 9 from the Go pair; timestamps left out
`, nil},
		{"a changed segment", `== one exchange ==
= server > client [F.] seq 15 ack 1 len 0  -- FIN: the server's close()
= client > server [R.] seq 1 ack 16 len 0  -- FIN: the client's exit
  8 segments from the C pair, 8 from the Go pair; timestamps left out
`, []string{"= client > server [R.] seq 1 ack 16 len 0  -- FIN: the client's exit"}},
		{"a changed footer", `== one exchange ==
= server > client [F.] seq 15 ack 1 len 0  -- FIN: the server's close()
= client > server [F.] seq 1 ack 16 len 0  -- FIN: the client's exit
  8 segments from the C pair, 8 from the Go pair; timestamps kept
`, []string{"  N segments from the C pair, N from the Go pair; timestamps kept"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Stale([]byte(block), tc.out); !slices.Equal(got, tc.want) {
				t.Errorf("Stale = %q, want %q", got, tc.want)
			}
		})
	}
}

// A footer of counts wrapped over two lines (make compare at 80 columns)
// is counts on both: another count of signals is not a stale block, a
// changed word is.
func TestStaleWrappedCounts(t *testing.T) {
	const block = `== exchange, server ==
= listen(listenfd, 10) = 0
  other system calls (loader, libc, Go runtime): C 30, Go 303; signals: C 0, Go
  1; restarted calls: C 0, Go 0
`
	for _, tc := range []struct {
		name, out string
		want      []string
	}{
		{"other counts", strings.NewReplacer("Go\n  1;", "Go\n  12;", "303", "299").Replace(block), nil},
		{"a changed word", strings.Replace(block, "restarted calls", "restarts", 1), []string{"  N; restarts: C N, Go N"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Stale([]byte(block), tc.out); !slices.Equal(got, tc.want) {
				t.Errorf("Stale = %q, want %q", got, tc.want)
			}
		})
	}
}
