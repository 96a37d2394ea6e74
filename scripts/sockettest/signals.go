package sockettest

import (
	"os"
	"os/signal"
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

// A test sends the programs it starts SIGINT and SIGHUP, and checks what
// they do with them. A test binary started with either ignored (SIGINT in
// a shell's background job, POSIX "Shell Command Language" 2.11; SIGHUP
// under nohup(1)) would pass the ignoring on: an ignored signal stays
// ignored across execve(2), and every program here keeps it ignored, as
// it should (lab.HandleInterrupts; TestIgnoredSIGINTStaysIgnored). The
// test binary catches them instead, and drops them, which for itself is
// the same: a signal that Go's runtime catches is set back to its default
// in the child of a fork (clearSignalHandlers in runtime/signal_unix.go),
// so that the programs start as from a terminal
// (TestChildrenStartWithDefaultSignals).
func init() {
	for _, sig := range []os.Signal{syscall.SIGINT, syscall.SIGHUP} {
		if signal.Ignored(sig) {
			signal.Notify(make(chan os.Signal, 1), sig)
		}
	}
}
