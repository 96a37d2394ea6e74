// Command tour is make tour: it steps the tutorial's unchanged programs,
// the C pair and the Go pair, through one exchange, one socket call at a
// time, and after each call shows the kernel's sockets as ss -tan lists
// them: the port taken by bind() though ss lists nothing, LISTEN with its
// backlog, the handshake done by the kernel before accept(), the 14 bytes
// waiting in the client's receive queue, FIN-WAIT-2 and CLOSE-WAIT, and
// TIME-WAIT at the end. With them, every change of every socket's state as
// the kernel recorded it (the tracepoint sock:inet_sock_set_state, read
// through a tracefs instance of the tour's own, removed when it ends, on
// SIGINT, SIGTERM and SIGHUP too): the passing states, SYN-SENT, SYN-RECV,
// FIN-WAIT-1, LAST-ACK, that ss is too late to see. Where tracefs cannot be
// had (not root; TCPSOCKET_NO_TRACEFS=1), it says so and shows ss alone.
// Each pair runs in a network namespace of its own, exactly as the
// tutorial runs it (port 5000, no flags), under ptrace(2): no stepping
// flag in the programs.
//
//	go run ./scripts/tour [-go bin] [-c scripts/tutorial] [-interactive go|c] [-readme scripts/tour/README.md]
//
// With -interactive, it steps one pair and waits for Enter before each
// call, so that a teacher can narrate and a learner can run ss, lsof or
// strace in another terminal (in the tour's namespace: nsenter --net
// --target PID, with the pid the tour prints).
//
// Exit status: 0 the two tours are the same (or every difference is
// explained); 1 an unexplained difference; 2 it could not run (not Linux,
// no ptrace, no network namespace, or under an emulator).
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"tcpsocket/scripts/internal/sidebyside"
	"tcpsocket/scripts/lab"
)

func main() {
	if inNamespace() {
		os.Exit(pairMain())
	}
	lab.HandleInterrupts()
	programs := sidebyside.ProgramFlags()
	width := sidebyside.WidthFlag(80)
	interactive := flag.String("interactive", "", "step this `pair` (go or c) one call at a time, waiting for Enter")
	readme := flag.String("readme", "", "`file` whose tour:begin/end block gets the output")
	svgDir := flag.String("svg", "", "write the exchange as a sequence diagram, exchange-c.svg and exchange-go.svg, into this `directory` (make diagram), and do nothing else")
	lesson := flag.String("lesson", "", "`file` (the main README) whose tour-states:begin/end block gets the states the exchange went through")
	flag.Parse()
	p, err := programs()
	if err != nil {
		sidebyside.Fail("tour", err)
	}
	if *svgDir != "" {
		files, err := writeDiagrams(p, *svgDir)
		if err != nil {
			sidebyside.Fail("tour", err)
		}
		fmt.Printf("wrote %s\n", strings.Join(files, " and "))
		return
	}
	if *interactive != "" {
		if err := stepInteractively(p, *interactive); err != nil {
			sidebyside.Fail("tour", err)
		}
		return
	}
	out, states, unexplained, err := compareTours(p, width())
	if err != nil {
		sidebyside.Fail("tour", err)
	}
	fmt.Print(out)
	fmt.Print("\n" + states)
	sidebyside.Finish("tour", map[sidebyside.Dest]string{{File: *readme, Block: "tour"}: out, {File: *lesson, Block: "tour-states"}: states}, unexplained,
		"OK: the C and the Go pair leave the kernel's sockets in the same states")
}
