package sockettest

import (
	"regexp"
	"syscall"
	"testing"
)

// harmless are signals that Go's runtime handles (so each one interrupts a
// blocking call, which the kernel restarts: SA_RESTART, signal(7)) and that
// do not end the process: SIGURG is the runtime's own preemption signal.
var harmless = []syscall.Signal{syscall.SIGURG, syscall.SIGWINCH, syscall.SIGCHLD}

// Storm sends count harmless signals to pid, as fast as it can.
func Storm(t testing.TB, pid, count int) {
	t.Helper()
	for i := range count {
		if err := syscall.Kill(pid, harmless[i%len(harmless)]); err != nil {
			t.Fatalf("signal %d to %d: %v", i, pid, err)
		}
	}
}

// WriteFailure is the line the server prints for a connection whose peer
// went away while it wrote: a reset, or a broken pipe.
var WriteFailure = regexp.MustCompile(`^Error : Could not write: (connection reset by peer \(ECONNRESET\)|broken pipe \(EPIPE\))$`)
