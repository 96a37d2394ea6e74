package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"tcpsocket/scripts/internal/netns"
	"tcpsocket/scripts/internal/sidebyside"
	"tcpsocket/scripts/internal/ss"
	"tcpsocket/scripts/internal/strace"
	"tcpsocket/scripts/lab"
)

// Exit statuses of a check.
const (
	exitPass   = 0
	exitFail   = 1
	exitCannot = 2
)

// check builds the learner's program from pkg, runs it and the C
// reference in the lab, prints the comparison and the verdict, and
// returns the exit status.
func check(ex exercise, root, pkg string, width int) int {
	s, _ := specFor(ex.name)
	out, status := run(s, root, pkg, width)
	fmt.Print(out)
	return status
}

// run is check, its output returned. The C programs' paths are from root,
// the repository's.
func run(s spec, root, pkg string, width int) (string, int) {
	var w strings.Builder
	cannot := func(err error) (string, int) {
		fmt.Fprintf(&w, "exercise %s: cannot check here: %v\n", s.name, err)
		return w.String(), exitCannot
	}
	if err := strace.Check(); err != nil {
		return cannot(err)
	}
	tmp, err := lab.TempDir("exercise")
	if err != nil {
		return cannot(err)
	}
	defer lab.RemoveTempDir(tmp)

	yours, err := build(tmp, pkg)
	if err != nil {
		fmt.Fprintf(&w, "%v\nFAIL: your program (%s) does not build\nhint: fix what go build says above\n", err, pkg)
		return w.String(), exitFail
	}
	ref, peer := filepath.Join(tmp, "reference"), filepath.Join(tmp, "peer")
	for src, out := range map[string]string{inC(s.c): ref, s.peer: peer} {
		if err := lab.CompileC(filepath.Join(root, src), out, 0); err != nil {
			return cannot(err)
		}
	}
	// The two runs at once: each has a namespace of its own.
	var outcomes [2]outcome
	var errs [2]error
	done := make(chan struct{})
	for i, program := range []string{ref, yours} {
		go func() {
			outcomes[i], errs[i] = inLab(s, program, peer, filepath.Join(root, s.peer))
			done <- struct{}{}
		}()
	}
	<-done
	<-done
	for i, err := range errs {
		if errors.Is(err, netns.ErrUnavailable) {
			return cannot(err)
		}
		if err != nil {
			return cannot(fmt.Errorf("%s: %w", []string{"the C reference", "your program"}[i], err))
		}
	}
	c, g := outcomes[0], outcomes[1]

	shown, err := filepath.Rel(root, pkg)
	if err != nil {
		shown = pkg
	}
	fmt.Fprintln(&w, sidebyside.Wrap(fmt.Sprintf("exercise %s: your %s (%s) and the C reference (%s), each alone in a network namespace, on 127.0.0.1:%d, with the peer %s",
		s.name, s.writes, shown, inC(s.c), port, s.peer), width, "  "))
	fmt.Fprintln(&w)
	cCalls, gCalls := bounded(calls(s.tasks, c.Trace)), bounded(calls(s.tasks, g.Trace))
	rows := sidebyside.AlignBy(cCalls, gCalls, key, explainer(slices.Concat(shortened, handled(g), s.known), cCalls, gCalls))
	verdict, status := judge(s, c, g, width)
	if status == exitPass {
		rows = unchecked(rows)
	}
	heads := sidebyside.Columns{C: "the C reference", Go: "yours", Stacked: "(the C reference over yours, where they differ)"}
	sidebyside.PrintColumns(&w, heads, fmt.Sprintf("the %s's socket calls (strace -f -yy)", s.writes), once(rows), footer(c, g, rows), width)
	printPeers(&w, s, c, g, width)
	if s.states {
		printStates(&w, c, g)
	}
	w.WriteString(verdict)
	return w.String(), status
}

// judge runs the exercise's checks, on the C reference first (a failure
// there is the machine's), and returns the verdict and the exit status.
func judge(s spec, c, g outcome, width int) (string, int) {
	for _, k := range s.checks {
		if what := k.fails(c); what != "" {
			return fmt.Sprintf("the C reference fails its own check (%s): the machine, not your program, is at fault\n", what), exitCannot
		}
	}
	for _, k := range s.checks {
		if what := k.fails(g); what != "" {
			return sidebyside.Wrap("FAIL: "+what, width, "  ") + "\n" + sidebyside.Wrap("hint: "+k.hint, width, "  ") + "\n", exitFail
		}
	}
	return fmt.Sprintf("PASS: %s\n", s.summary), exitPass
}

// unchecked marks each unexplained difference of a program that passed
// with whyUnchecked: a PASS shows no !.
func unchecked(rows []sidebyside.Row) []sidebyside.Row {
	out := slices.Clone(rows)
	for i, r := range out {
		if !r.Explained() {
			out[i].Why = whyUnchecked
		}
	}
	return out
}

// whyAsAbove stands for an explanation already printed above.
const whyAsAbove = "as above"

// once keeps each explanation where it is first given; the rows after it
// that it explains say so in two words.
func once(rows []sidebyside.Row) []sidebyside.Row {
	out := slices.Clone(rows)
	seen := map[string]bool{}
	for i, r := range out {
		if r.Same() || r.Why == "" {
			continue
		}
		if seen[r.Why] {
			out[i].Why = whyAsAbove
		}
		seen[r.Why] = true
	}
	return out
}

// maxCalls bounds the calls of one program that the report shows: the
// first and the last, with a line that counts those between. The checks
// read every call.
const maxCalls = 100

var notShown = regexp.MustCompile(`^\(\d+ calls not shown\)$`)

// shortened explains the line that stands for the calls not shown.
var shortened = []strace.Known{
	{C: notShown, Go: notShown, Why: whyNotShown},
	{C: notShown, Why: whyNotShown},
	{Go: notShown, Why: whyNotShown},
}

func bounded(calls []string) []string {
	if len(calls) <= maxCalls {
		return calls
	}
	tail := maxCalls / 10
	head := maxCalls - tail
	return slices.Concat(calls[:head], []string{fmt.Sprintf("(%d calls not shown)", len(calls)-head-tail)}, calls[len(calls)-tail:])
}

// handled are the differences of a server that caught the SIGTERM that
// stopped it and exited 0, which is as stopped as one killed by it.
func handled(g outcome) []strace.Known {
	if !g.Stopped || g.Program.Signal != "" || g.Program.Code != 0 {
		return nil
	}
	const why = "stopped with SIGTERM: the C dies of it; yours caught it and exited 0, which is as good"
	return []strace.Known{
		{C: regexp.MustCompile(`^\+\+\+ killed by SIGTERM`), Go: regexp.MustCompile(`^\+\+\+ exited with 0 \+\+\+$`), Why: why},
		{C: regexp.MustCompile(`^\+\+\+ killed by SIGTERM`), Why: why},
		{Go: regexp.MustCompile(`^\+\+\+ exited with 0 \+\+\+$`), Why: why},
		{Go: regexp.MustCompile(`^close\((listenfd|connfd\d*)\) = 0$`), Why: why + ": it closed its sockets on the way out, which the kernel does for the C"},
	}
}

// build builds the Go main package in the directory pkg into dir, as go
// build does, into a file of the checker's naming: go build names a
// binary after its folder, or the folder above a major version's (v2).
func build(dir, pkg string) (string, error) {
	pkg, err := filepath.Abs(pkg) // a directory, not an import path
	if err != nil {
		return "", err
	}
	out := filepath.Join(dir, "yours")
	if err := os.Mkdir(out, 0o755); err != nil {
		return "", err
	}
	if err := lab.BuildGo(out, "yours="+pkg); err != nil {
		return "", err
	}
	return filepath.Join(out, "yours"), nil
}

// inLab runs program in a network namespace of its own (labMain) and
// returns what it saw.
func inLab(s spec, program, peer, peerSrc string) (outcome, error) {
	var o outcome
	lines, err := netns.RunIsolated(
		envExercise+"="+s.name, envProgram+"="+program, envPeer+"="+peer, envPeerSrc+"="+peerSrc)
	if err != nil {
		return o, err
	}
	return o, json.Unmarshal([]byte(strings.Join(lines, "\n")), &o)
}

// key is a call's canonical form: the calls that differ only in what is
// incidental are aligned as one.
func key(line string) string {
	form, _ := canonical(line)
	return form
}

// footer counts what the table leaves out, and says what a ! means.
func footer(c, g outcome, rows []sidebyside.Row) string {
	text := fmt.Sprintf("other system calls (loader, libc, Go runtime): C %d, yours %d", c.Trace.Other, g.Trace.Other)
	if sidebyside.Unexplained(rows) > 0 {
		text = "! marks a difference from the C reference; the verdict says which of them this exercise checks. " + text
	}
	return text
}

// printPeers prints what each run of the peer printed, the C reference's
// over the learner's, and the notes of the runs.
func printPeers(w io.Writer, s spec, c, g outcome, width int) {
	fmt.Fprintln(w, sidebyside.Wrap(fmt.Sprintf("== what the peer (%s) printed ==", s.peer), width, "   "))
	for i := range max(len(c.Peers), len(g.Peers)) {
		for _, side := range []struct {
			name  string
			peers []result
		}{{"with the C reference", c.Peers}, {"with yours", g.Peers}} {
			text := "(did not run)"
			if i < len(side.peers) {
				p := side.peers[i]
				text = fmt.Sprintf("%s, %s", clipped(p.Stdout+p.Stderr, p.StdoutMore+p.StderrMore), ending(p))
			}
			fmt.Fprintln(w, sidebyside.Wrap(fmt.Sprintf("  run %d, %-22s %s", i+1, side.name+":", text), width, "      "))
		}
	}
	for _, n := range g.Notes {
		fmt.Fprintln(w, sidebyside.Wrap("  yours: "+n, width, "      "))
	}
	fmt.Fprintln(w, sidebyside.Wrap(fmt.Sprintf("  your %s: %s, printed %s", s.writes, ending(g.Program), clipped(g.Program.Stdout, g.Program.StdoutMore)), width, "      "))
	fmt.Fprintln(w)
}

// printStates prints ss's view after each exchange.
func printStates(w io.Writer, c, g outcome) {
	fmt.Fprintln(w, "== the sockets after the exchange (ss -tan) ==")
	fmt.Fprintln(w, "    "+ss.Header)
	for _, side := range []struct {
		name   string
		states []string
	}{{"the C reference", c.States}, {"yours", g.States}} {
		fmt.Fprintf(w, "  %s:\n", side.name)
		if len(side.states) == 0 {
			fmt.Fprintln(w, "    (none)")
		}
		for _, s := range side.states {
			fmt.Fprintln(w, "    "+s)
		}
	}
	fmt.Fprintln(w)
}

// maxShown bounds the output of a program that the report quotes.
const maxShown = 300

// clipped is s quoted, at most maxShown bytes of it, and a count of the
// rest: what is cut here, and more, what the lab counted after s.
func clipped(s string, more int64) string {
	if len(s) <= maxShown && more == 0 {
		return fmt.Sprintf("%q", s)
	}
	n := min(len(s), maxShown)
	return fmt.Sprintf("%q... and %s more bytes", s[:n], thousands(int64(len(s)-n)+more))
}

// thousands is n in digits, in groups of three: 99,999,700.
func thousands(n int64) string {
	digits := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}
