package main

// A mutant is one change to the code that a test must catch: the rules
// and guards that once survived every test (issue 32's mutation run, and
// the seven exercise rules of issue 31's wrong programs that passed).
// from must occur exactly once in file; TestMutantsApply checks that it
// still does, so that a mutant cannot rot into a no-op.
type mutant struct {
	name     string
	file     string
	from, to string
	pkgs     []string // the packages whose tests must catch it
	run      string   // go test -run
	caughtBy string   // a test that fails with the mutant, as the note says
}

// noRule stands in for a rule of the exercise checker: it finds nothing.
const noRule = `func(outcome) string { return "" }`

var mutants = []mutant{
	{"the payload's chunks start again at the message's first byte",
		"scripts/grownup/payload.go", "start := int(sent % int64(p.msgLen))", "start := 0",
		[]string{"./scripts/grownup"}, "TestPayload", "TestPayload"},
	{"netns.Run leaves the copy's process group running",
		"scripts/internal/netns/netns_linux.go", "killGroup := func() error { return syscall.Kill(-p.Pid(), syscall.SIGKILL) }", "killGroup := func() error { return nil }",
		[]string{"./scripts/internal/netns"}, ".", "TestNothingOutlivesRun"},
	{"the lingering close waits 1 ms for the peer, not 5 s",
		"scripts/grownup/server/linger.go", "const lingerTimeout = 5 * time.Second", "const lingerTimeout = time.Millisecond",
		[]string{"./scripts/grownup/server"}, "Linger", "TestLingeringCloseWaitsForASlowPeer"},
	{"the pcap says nanoseconds",
		"scripts/internal/segment/pcap.go", "magic     = 0xa1b2c3d4", "magic     = 0xa1b23c4d",
		[]string{"./scripts/internal/segment"}, "Pcap", "TestPcapHeader"},
	{"a cut connection closes without SO_LINGER 0",
		"scripts/grownup/server/stop.go", "return unix.SetsockoptLinger(connfd, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1, Linger: 0})", "return nil",
		[]string{"./scripts/grownup/server"}, "Cut", "TestCutByShutdownResetsOnClose"},
	{"poll: the two clients' echoes are not checked",
		"scripts/exercises/specs_linux.go", `{peerGot(0, "the two clients printed", twoEchoes), "poll(2)`, "{" + noRule + `, "poll(2)`,
		[]string{"./scripts/exercises"}, "TestVerdicts/poll/", "TestVerdicts/poll/poll-blocking"},
	{"poll: POLLNVAL is not looked for",
		"scripts/exercises/specs_linux.go", "{present(`revents=POLLNVAL`,", "{present(`revents=NEVER`,",
		[]string{"./scripts/exercises"}, "TestVerdicts/poll/", "TestVerdicts/poll/poll-nval"},
	{"goroutines: a shared buffer is not looked for",
		"scripts/exercises/specs_linux.go", `{peerSaid("another client's bytes"),`, `{peerSaid("never said"),`,
		[]string{"./scripts/exercises"}, "TestVerdicts/goroutines/", "TestVerdicts/goroutines/goroutines-shared"},
	{"ephemeral: a port printed before listen passes",
		"scripts/exercises/specs_linux.go", "{printedAfterListen, ", "{" + noRule + ", ",
		[]string{"./scripts/exercises"}, "TestVerdicts/ephemeral/", "TestVerdicts/ephemeral/ephemeral-early"},
	{"echo: the whole message is not checked",
		"scripts/exercises/specs_linux.go", `{peerGot(0, "the client sent \"Client Message\" in two pieces, \"Client \" then \"Message\", and got back", "Client Message"),`, "{" + noRule + ",",
		[]string{"./scripts/exercises"}, "TestVerdicts/echo/", "TestVerdicts/echo/echo-firstread"},
	{"half-close: every piece printed is not checked",
		"scripts/exercises/specs_linux.go", `{printed("received 14 bytes\n"),`, "{" + noRule + ",",
		[]string{"./scripts/exercises"}, "TestVerdicts/half-close/", "TestVerdicts/half-close/halfclose-readonce"},
	{"client-closes-first: a close before the end of file passes",
		"scripts/exercises/specs_linux.go", "{before(endOfFile, `^close\\(connfd\\) = `, \"your server closed the connection without first reading its end of file (a read that returns 0): it waited, and the client happened to close first\"),", "{" + noRule + ",",
		[]string{"./scripts/exercises"}, "TestVerdicts/client-closes-first/", "TestVerdicts/client-closes-first/ccf-sleeps"},
}
