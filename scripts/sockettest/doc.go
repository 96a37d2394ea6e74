// Package sockettest is the lab's one library for running the tutorial's
// programs, Go and C, as real processes over loopback: start them, wait
// for their readiness, watch what they write, stop them, build them, and
// find free, unbound and refusing ports. The tests of server/ and client/
// and the tools in scripts/ (compare, tour, wire, bench) use it; the
// lesson (server/, client/, sockutil/) never does.
//
// Its core returns errors (New, Process, Server, BuildGo, CompileC,
// UnboundPort, RefusingPort). Its testing face, for tests, takes a
// testing.TB and turns an error into a test failure (Start, Run,
// StartServer, Build, and the Must methods of Process): like Go's
// internal/testenv, it bounds each process by the test's deadline, stops
// it when the test ends, and fails a test that started one and neither
// waited for it nor stopped it.
package sockettest
