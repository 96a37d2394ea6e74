package main

import (
	"regexp"
	"slices"
	"strings"

	"tcpsocket/scripts/internal/sidebyside"
	"tcpsocket/scripts/internal/strace"
)

// What the exercises forgive: a difference between the C reference's call
// and the learner's that is not what any exercise is about. Each rewrites
// a line into a canonical form; two lines whose forms are the same are the
// same call, for the reasons of the rewrites that changed them.
var incidental = []struct {
	re   *regexp.Regexp
	with string
	why  string
}{
	{regexp.MustCompile(`^\[task \d+\] `), "",
		"made by another task (strace -f): the C's task is a forked child, Go's a thread the runtime chose; tasks are numbered in the order they first make a call"},
	{regexp.MustCompile(`\bconnfd\d+\b`), "connfd",
		"another connection's descriptor: which number a connection gets depends on which are open"},
	{regexp.MustCompile(`^((?:\[task \d+\] )?close\(\w+\)) = \?$`), "$1 = 0",
		"the SIGTERM that stopped the server came as this close returned: strace saw the call, not its result"},
	{regexp.MustCompile(`^(read|recvfrom)\((\w+), ("(?:[^"\\]|\\.)*"(?:\.\.\.)?), \d+`), "$1($2, $3, N",
		"the buffer's size: any size works; a read returns what has arrived, up to it"},
	{regexp.MustCompile(`\[(?:\d+ => )?(\d+)\]`), "[$1]",
		"x/sys/unix passes a buffer for any address (RawSockaddrAny, 112 bytes), the C one for its sockaddr_in (16): the length that comes back is the same"},
	{regexp.MustCompile(`^poll\((.*), (\d+), -1\) = `), "ppoll($1, $2, NULL, NULL, 0) = ",
		"x/sys/unix's Poll is ppoll(2) on Linux; with no timeout (-1, NULL), the same wait"},
	{regexp.MustCompile(`"port \d+\\n", \d+\) = \d+`), `"port N\n", N) = N`,
		"the port the kernel chose: another in each run"},
}

// canonical is line's canonical form, and the reasons of the rewrites that
// changed it.
func canonical(line string) (string, []string) { return canonicalWithout(line, "") }

// canonicalWithout is canonical without the rewrite whose reason is skip.
func canonicalWithout(line, skip string) (string, []string) {
	var why []string
	for _, r := range incidental {
		if r.why == skip {
			continue
		}
		if next := r.re.ReplaceAllString(line, r.with); next != line {
			line = next
			why = append(why, r.why)
		}
	}
	return line, why
}

// Why a lone read, and a lone write to standard output, are forgiven.
const (
	whyLoneRead = "how many reads a loop takes depends on when the bytes arrive: incidental"
	whyStdout   = "when the output goes out: the C's stdio holds standard output until exit where it is not a terminal (setvbuf(3)); Go writes it when told"
	whyLonePoll = "how many waits a poll loop makes, and which sockets each finds ready, depends on when the bytes and connections arrive: incidental"
	// whyUnchecked explains, in a report that passes, a difference that
	// no check of the exercise is about.
	whyUnchecked = "not what this exercise checks: your program does it another way"
	// whyNotShown explains the line that stands for the calls of a long
	// trace that the report leaves out.
	whyNotShown = "a long trace: the report shows its first and last calls; the checks read them all"
)

// A lone read is a read of bytes on a connection, on one side only: how
// many a loop takes is timing. A lone write to standard output is stdio's
// buffering.
var (
	loneRead = regexp.MustCompile(`^(\[task \d+\] )?read\(\w+, "[^"]+`)
	stdout   = regexp.MustCompile(`^write\(1, `)
	lonePoll = regexp.MustCompile(`^p?poll\(`)
)

// explainer returns the explain function of an exercise whose programs
// made the calls c and g: its own known differences (on the lines as they
// are), then x/sys/unix's (strace.XSys, on the lines as they are or in
// their canonical forms), then what is incidental. A read more or less is
// incidental only where both programs read; a write to standard output
// elsewhere, only where both wrote there.
func explainer(known []strace.Known, c, g []string) func(sidebyside.Row) string {
	bothRead := slices.ContainsFunc(c, loneRead.MatchString) && slices.ContainsFunc(g, loneRead.MatchString)
	bothPrint := slices.ContainsFunc(c, stdout.MatchString) && slices.ContainsFunc(g, stdout.MatchString)
	bothPoll := slices.ContainsFunc(c, lonePoll.MatchString) && slices.ContainsFunc(g, lonePoll.MatchString)
	return func(r sidebyside.Row) string {
		for _, k := range slices.Concat(known, strace.XSys) {
			if k.Explains(r.C, r.Go) {
				return k.Why
			}
		}
		c, whyC := canonical(r.C)
		g, whyGo := canonical(r.Go)
		why := unique(append(whyC, whyGo...))
		for _, k := range strace.XSys {
			if k.Explains(c, g) {
				return strings.Join(append([]string{k.Why}, why...), "; ")
			}
		}
		switch {
		case r.C != "" && r.Go != "" && c == g:
			return strings.Join(needed(r, why), "; ")
		case (r.C == "") != (r.Go == "") && bothRead && loneRead.MatchString(r.C+r.Go):
			return whyLoneRead
		case (r.C == "") != (r.Go == "") && bothPrint && stdout.MatchString(r.C+r.Go):
			return whyStdout
		case (r.C == "") != (r.Go == "") && bothPoll && lonePoll.MatchString(r.C+r.Go):
			return whyLonePoll
		}
		return ""
	}
}

func unique(s []string) []string {
	var out []string
	for _, x := range s {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// needed are the reasons of why without which the row's two calls would
// differ: a rewrite that changed both alike (two reads of 1024) explains
// nothing.
func needed(r sidebyside.Row, why []string) []string {
	var out []string
	for _, w := range why {
		c, _ := canonicalWithout(r.C, w)
		g, _ := canonicalWithout(r.Go, w)
		if c != g {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return why
	}
	return out
}
