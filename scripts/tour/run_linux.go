//go:build linux && (amd64 || arm64)

package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"tcpsocket/scripts/internal/netns"
	"tcpsocket/scripts/internal/segment"
	"tcpsocket/scripts/internal/sidebyside"
	"tcpsocket/scripts/lab"
)

// The environment that tells the copy of this program in a new network
// namespace how to tour its pair (netns.Pair).
const (
	envInteractive = "TCPSOCKET_TOUR_INTERACTIVE"
	envSegments    = "TCPSOCKET_TOUR_SEGMENTS"
	envBacklog     = "TCPSOCKET_TOUR_BACKLOG"
)

func inNamespace() bool { return netns.Inside() }

// compareTours tours the C pair and the Go pair, each in a network
// namespace of its own, and returns the two side by side, the states the
// exchange went through (stateTable: once if the pairs agree), and how
// many rows differ for no known reason.
func compareTours(p lab.Programs, width int) (out, states string, unexplained int, err error) {
	if lab.Emulator != "" {
		return "", "", 0, fmt.Errorf("under an emulator (%s) the programs cannot be traced with ptrace", lab.Emulator)
	}
	c, cleanup, err := compileC(p)
	if err != nil {
		return "", "", 0, err
	}
	defer cleanup()
	recEnv, stopRecord, err := startRecord()
	if err != nil {
		return "", "", 0, err
	}
	defer func() {
		if serr := stopRecord(); err == nil {
			err = serr
		}
	}()
	var text, diagram strings.Builder
	for i, part := range []struct{ title, env, footer string }{
		{"one exchange, call by call, and the kernel's sockets after each (the C over the Go where they differ)", recEnv,
			"kernel: each change of state, as the kernel recorded it; ss -tan after each call; the client's port shown as EPHEMERAL"},
		{"the backlog: listen(listenfd, 10), no accept() yet, 15 clients (the C over the Go where they differ)", envBacklog + "=1",
			"the listener's Send-Q is the backlog, its Recv-Q the connections waiting for accept()"},
	} {
		var tours [2][]string
		for j, pair := range []lab.Programs{c, p} {
			var env []string
			if part.env != "" {
				env = append(env, part.env)
			}
			if tours[j], err = netns.Run(pair, env...); err != nil {
				return "", "", 0, err
			}
		}
		rows := sidebyside.Align(tours[0], tours[1], explain)
		sidebyside.Print(&text, part.title, rows, part.footer, width)
		unexplained += sidebyside.Unexplained(rows)
		if i == 0 {
			cStates, goStates := stateTable(tours[0]), stateTable(tours[1])
			if slices.Equal(cStates, goStates) {
				fmt.Fprintf(&diagram, "The C pair and the Go pair alike:\n%s\n", strings.Join(goStates, "\n"))
			} else {
				fmt.Fprintf(&diagram, "The C pair:\n%s\n\nThe Go pair:\n%s\n", strings.Join(cStates, "\n"), strings.Join(goStates, "\n"))
			}
		}
	}
	return text.String(), diagram.String(), unexplained, nil
}

// stepInteractively steps one pair, waiting for Enter before each call.
func stepInteractively(p lab.Programs, pair string) error {
	if pair == "c" {
		c, cleanup, err := compileC(p)
		if err != nil {
			return err
		}
		defer cleanup()
		p = c
	} else if pair != "go" {
		return fmt.Errorf("-interactive %q: go or c", pair)
	}
	recEnv, stopRecord, err := startRecord()
	if err != nil {
		return err
	}
	err = netns.RunAttached(p, envInteractive+"=1", recEnv)
	if serr := stopRecord(); err == nil {
		err = serr
	}
	return err
}

// compileC compiles the tutorial's C pair, as it is (port 5000), into a
// temporary directory that cleanup removes.
func compileC(p lab.Programs) (c lab.Programs, cleanup func(), err error) {
	tmp, err := lab.TempDir("tour")
	if err != nil {
		return c, nil, err
	}
	if c, err = p.CompileTutorial(tmp, 0); err != nil {
		lab.RemoveTempDir(tmp)
		return c, nil, err
	}
	return c, func() { lab.RemoveTempDir(tmp) }, nil
}

// pairMain runs in the new namespace: lo up, then the tour of one pair,
// printed line by line (as it goes, when interactive).
func pairMain() int {
	if err := netns.LoopbackUp(); err != nil {
		fmt.Fprintf(os.Stderr, "tour: bring lo up: %v\n", err)
		return netns.Exit(err)
	}
	interactive := os.Getenv(envInteractive) != ""
	live := func(string) {}
	if interactive {
		fmt.Printf("tour: in a network namespace of its own; to look from another terminal:\n"+
			"  sudo nsenter --net --target %d ss -tan\n", os.Getpid())
		live = func(line string) { fmt.Println(line) }
	}
	var lines []string
	var err error
	pair := netns.Pair()
	if os.Getenv(envBacklog) != "" {
		lines, err = backlog(pair.Server, pair.Client)
	} else {
		lines, err = tourPair(pair, interactive, live)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "tour: %v\n", err)
		return netns.Exit(err)
	}
	if !interactive {
		for _, l := range lines {
			fmt.Println(l)
		}
	}
	return 0
}

// tourPair tours the pair; with envSegments set (make diagram), with the
// segments each call put on the wire, captured as make wire captures them.
func tourPair(pair lab.Programs, interactive bool, live func(string)) ([]string, error) {
	rec, err := openRecord()
	if err != nil {
		return nil, err
	}
	if os.Getenv(envSegments) == "" {
		return tour(pair.Server, pair.Client, interactive, live, rec, nil)
	}
	c, err := segment.StartCapture(port)
	if err != nil {
		return nil, err
	}
	shown := 0
	lines, err := tour(pair.Server, pair.Client, interactive, live, rec, func() ([]stamped, error) {
		if err := c.Sync(); err != nil {
			return nil, err
		}
		// Normalise goes in order, so the lines of the segments so far
		// are the first lines of the whole exchange's.
		packets := c.Packets()
		all := segment.Normalise(packets, port)
		var next []stamped
		for i := shown; i < len(all); i++ {
			next = append(next, stamped{packets[i].Time, "wire: " + all[i]})
		}
		shown = len(all)
		return next, nil
	})
	if _, ferr := c.Finish(); err == nil {
		err = ferr
	}
	return lines, err
}

// explain says why a row differs, where that is known.
func explain(r sidebyside.Row) string {
	asAccept := strings.ReplaceAll(strings.ReplaceAll(r.Go, "accept4(listenfd, &addr, &addrlen)", "accept(listenfd, NULL, NULL)"), "accept4(", "accept(")
	if r.C != r.Go && asAccept == r.C {
		return "x/sys/unix's Accept is accept4 with flags 0, and asks for the client's address (make compare shows it, and the getsockopt after it)"
	}
	return ""
}
