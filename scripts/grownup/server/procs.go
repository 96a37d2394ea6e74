package main

import (
	"os"
	"runtime"
)

// spareP gives the Go runtime a second P (a processor, in its scheduler's
// words: runtime.GOMAXPROCS) where it has one and the user did not set
// GOMAXPROCS: under taskset -c 0 or a cpuset of one CPU (not a CPU quota
// of one: Go rounds a quota up to 2, runtime/cgroup_linux.go). The server
// calls it when it serves more than one connection (-n other than 1).
//
// Why: the server spends its life blocked in a system call (accept(2);
// poll(2) on macOS and the BSDs), and while it is blocked its goroutine's
// P sits in the system call with it. With no other P idle, the runtime's
// monitor thread (sysmon) takes that P away after 20 µs and hands it to
// another thread (retake and handoffp, runtime/proc.go), which finds
// nothing to do and sleeps again; and sysmon, having taken a P, keeps
// waking every 20 µs. Each of those wake-ups is a context switch on the
// one CPU that the server shares with its clients. With a second P idle,
// retake leaves a P in a system call alone for 10 ms. make bench measured
// the difference (scripts/bench/README.md): on one CPU, about 15% more
// connections a second, before the loop yielded now and then (yield.go),
// which removed the rest of that retake; since then the experiment row
// with GOMAXPROCS=1 is level with the port. The one-connection run (no
// flags) does not call it: there, the second P costs more at start-up
// than it saves.
//
// An explicit GOMAXPROCS is the user's choice, and is left as it is.
func spareP() {
	if os.Getenv("GOMAXPROCS") == "" && runtime.GOMAXPROCS(0) < 2 {
		runtime.GOMAXPROCS(2)
	}
}
