package main

import "runtime"

// Not in the tutorial: a runtime.Gosched every yieldEvery connections,
// when the server serves more than one (stop.go's next).
//
// Why: the loop's goroutine never waits in Go: it goes from one system
// call to the next (accept, write, close), and the Go scheduler never
// runs it anew. The runtime's monitor thread, sysmon, takes that for a
// goroutine that has hogged its P: "Preempt G if it's running on the same
// schedtick for too long" (retake in runtime/proc.go, forcePreemptNS, 10
// ms), and since a goroutine in a system call cannot be preempted, "we
// need to take the P ourselves". The clock it reads, the P's schedtick,
// moves only when the scheduler runs a goroutine (execute), so once 10 ms
// have passed, every sysmon tick that finds the loop in accept(2) takes
// its P away: the P is handed off, sysmon sleeps, and the loop's next
// return from accept(2) wakes it again (exitsyscall, sysmonnote). On one
// CPU, shared with the clients, that is about one context switch a
// connection more than the C's one: 2.0 against 1.0, measured per thread
// in /proc (scripts/bench/README.md has the numbers).
//
// runtime.Gosched runs the scheduler, which runs the loop again with the
// schedtick moved on: sysmon's clock starts again. Not every connection:
// with the second P that procs.go asks for idle, Gosched also wakes a
// thread to look for work (wakep), which costs what it saves. Every 64
// connections is a yield at least every 10 ms for a server that serves
// 6,400 a second or more; a slower one waits in accept(2) most of the
// time, where handing its P to other work is what sysmon is for.
const yieldEvery = 64

// A yielder counts the connections since the loop last yielded.
type yielder struct{ since int }

// connection counts one connection, and yields every yieldEvery.
func (y *yielder) connection() {
	if y.since++; y.since >= yieldEvery {
		y.since = 0
		runtime.Gosched()
	}
}
