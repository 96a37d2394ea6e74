package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tcpsocket/scripts/sockettest"
)

// Programs written for these tests (testdata/, one main package each, not
// the answers), each of a class that a learner writes: a wrong one fails
// with the verdict and hint of its mistake, a right one written otherwise
// than the answer passes. The peers expose each mistake every time: data
// in pieces with pauses, a client that waits after a partial message, a
// client still waiting for an end of file.
func TestVerdicts(t *testing.T) {
	// A report shows at most maxCalls calls a side, each wrapped to a few
	// lines at 80 columns (a program that printed 60,000 lines once made
	// one of 17,000).
	const maxReport = 10 * maxCalls
	needsLab(t)
	tests := []struct {
		exercise, program string
		fail, hint        string // "" where it passes
	}{
		{"forever", "forever-handler", "", ""},
		{"forever", "forever-v2/v2", "", ""}, // go build names it after forever-v2
		{"forever", "forever-noclose", "never closed a connection", "close(2) the connection"},
		// 100 MB printed: kept up to maxKept as it comes, the rest
		// counted; checked about as fast as a program that prints nothing.
		{"forever", "forever-loud", "", ""},
		{"echo", "echo-firstread", `got back "Client "`, "which may be part of what was sent"},
		{"echo", "echo-recvfrom", "", ""},
		{"echo", "echo-net", "uses Go's net package", "golang.org/x/sys/unix"},
		{"ephemeral", "ephemeral-early", "before listen(2)", "after listen(2)"},
		{"ephemeral", "ephemeral-swapped", "but getsockname said its port is", "host byte order"},
		{"ephemeral", "ephemeral-right", "", ""},
		{"client-closes-first", "ccf-sleeps", "without first reading its end of file", "not for a time"},
		{"client-closes-first", "ccf-linger", "SO_LINGER to 0", "leave SO_LINGER alone"},
		{"client-closes-first", "ccf-recv", "", ""},
		{"half-close", "halfclose-readonce", `printed "received 14"`, "two pieces"},
		{"half-close", "halfclose-slowreadonce", `printed "received 14"`, "two pieces"}, // reads a second late: the second piece waits for the first read
		{"half-close", "halfclose-rdwr", "SHUT_RDWR", "only the sending side"},
		{"half-close", "halfclose-right", "", ""},
		{"udp", "udp-wrongport", "but the datagram came from", "the address that recvfrom(2) returned"},
		{"udp", "udp-echoes", `printed "Client Message"`, `"Server Message"`},
		{"udp", "udp-net", "uses Go's net package", "golang.org/x/sys/unix"},
		{"udp", "udp-right", "", ""},
		{"poll", "poll-blocking", "no echo within 2 s", "never until end of file"},
		{"poll", "poll-nval", "POLLNVAL", "take the connection out of the poll set"},
		{"poll", "poll-right", "", ""},
		{"goroutines", "goroutines-noclose", "but no end of file", "close(2) a connection"},
		{"goroutines", "goroutines-shared", "another client's bytes", "a buffer of its own"},
		{"goroutines", "goroutines-right", "", ""},
		{"goroutines", "goroutines-net", "uses Go's net package", "golang.org/x/sys/unix"},
		// 1,000 lines printed: the report is bounded all the same.
		{"half-close", "halfclose-chatty", "your program printed", "read until it returns 0"},
	}
	// What the report says, its lines joined, where it must say it.
	shows := map[string]string{"forever-loud": `line 4 of what a learner printed "... and 99,999,700 more bytes`}
	// Under -short, a wrong program and one written with Go's net
	// (TestExercises checks a FAIL and a PASS).
	short := map[string]bool{"echo-firstread": true, "echo-net": true}
	for _, tt := range tests {
		if testing.Short() && !short[tt.program] {
			t.Run(tt.exercise+"/"+tt.program, func(t *testing.T) { sockettest.Slow(t, tt.program) })
			continue
		}
		c := launch(t, "-width", "80", "-pkg", filepath.Join(dir, "testdata", tt.program), tt.exercise)
		t.Run(tt.exercise+"/"+tt.program, func(t *testing.T) {
			t.Parallel()
			r := awaitCheck(t, c)
			for try := 1; try < 3 && rightByChance(tt.program, r); try++ {
				r = awaitCheck(t, launch(t, "-width", "80", "-pkg", filepath.Join(dir, "testdata", tt.program), tt.exercise))
			}
			noNamespace(t, r)
			if lines := strings.Count(r.Stdout, "\n"); lines > maxReport {
				t.Errorf("the report is %d lines; want at most %d", lines, maxReport)
			}
			if want := shows[tt.program]; !strings.Contains(strings.Join(strings.Fields(r.Stdout), " "), want) {
				t.Errorf("the report does not say %s:\n%s", want, r.Stdout)
			}
			if tt.fail == "" {
				if r.Code != exitPass {
					t.Fatalf("exit %d; want %d (PASS):\n%s%s", r.Code, exitPass, r.Stdout, r.Stderr)
				}
				verdict(t, tt.program, r.Stdout, "PASS: ")
				return
			}
			if r.Code != exitFail {
				t.Fatalf("exit %d; want %d (FAIL):\n%s%s", r.Code, exitFail, r.Stdout, r.Stderr)
			}
			verdict(t, tt.program, r.Stdout, "FAIL: ")
			// The verdict and the hint, their lines joined as printed.
			end := strings.Join(strings.Fields(r.Stdout[strings.LastIndex(r.Stdout, "\nFAIL: "):]), " ")
			fail, hint, _ := strings.Cut(end, " hint: ")
			if !strings.Contains(fail, tt.fail) || !strings.Contains(hint, tt.hint) {
				t.Errorf("got %s\nhint: %s\nwant FAIL: ...%s...\nhint: ...%s...", fail, hint, tt.fail, tt.hint)
			}
		})
	}
}

// rightByChance reports whether a wrong program's check passed because the
// run happened to make it right: ephemeral-swapped swaps its port's two
// bytes, which changes nothing when they are equal (0x8080, 32896, and
// 109 more of the 28,232 ports of Linux's ephemeral range,
// ip_local_port_range 32768-60999: a run in 257). The check runs again
// then, at most twice; a swap the checker misses still fails.
func rightByChance(program string, r sockettest.Result) bool {
	if program != "ephemeral-swapped" || r.Code != exitPass {
		return false
	}
	_, after, ok := strings.Cut(r.Stdout, `printed "port `)
	if !ok {
		return false
	}
	digits, _, _ := strings.Cut(after, `\n"`)
	port, err := strconv.Atoi(digits)
	return err == nil && port>>8 == port&0xff
}

// rightByChance tells a byte-symmetric port (32896 = 0x8080) from others,
// and only in a PASS of ephemeral-swapped.
func TestRightByChance(t *testing.T) {
	for _, tt := range []struct {
		program string
		code    int
		port    string
		want    bool
	}{
		{"ephemeral-swapped", exitPass, "32896", true},
		{"ephemeral-swapped", exitPass, "53145", false},
		{"ephemeral-swapped", exitFail, "32896", false},
		{"ephemeral-right", exitPass, "32896", false},
	} {
		r := sockettest.Result{Code: tt.code, Stdout: `  your server: exit 0, printed "port ` + tt.port + `\n"` + "\n"}
		if got := rightByChance(tt.program, r); got != tt.want {
			t.Errorf("rightByChance(%s, exit %d, port %s) = %v; want %v", tt.program, tt.code, tt.port, got, tt.want)
		}
	}
}
