package topics_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"tcpsocket/scripts/internal/strace"
	"tcpsocket/scripts/sockettest"
)

// A traced program runs under strace -f -yy, its trace kept in a file.
type traced struct {
	*sockettest.Process
	file string
}

// straceArgs are strace's options: -f follows the Go runtime's threads;
// -yy names each descriptor's protocol and addresses, which tells the TCP
// sockets from the rest; -s 12 shows 12 bytes of each buffer, the whole
// of "Hello\nworld\n".
var straceArgs = []string{"-f", "-yy", "-s", "12"}

// startTraced starts argv under strace, tracing only the calls named
// (strace -e trace=calls).
func startTraced(t *testing.T, calls string, argv ...string) *traced {
	t.Helper()
	argv, file := underStrace(t, calls, argv)
	return &traced{Process: sockettest.Start(t, argv[0], argv[1:]...), file: file}
}

// startTracedListening is startTraced for a server that writes
// listening's line, and returns its port once it has.
func startTracedListening(t *testing.T, calls string, argv ...string) (*traced, int) {
	t.Helper()
	argv, file := underStrace(t, calls, argv)
	p, port := startListening(t, argv...)
	return &traced{Process: p, file: file}, port
}

// underStrace returns argv run by strace, and the file of its trace.
func underStrace(t *testing.T, calls string, argv []string) ([]string, string) {
	t.Helper()
	path := sockettest.RequireTool(t, "strace")
	file := filepath.Join(t.TempDir(), "trace")
	args := slices.Concat([]string{path}, straceArgs, []string{"-e", "trace=" + calls, "-o", file, "--"}, argv)
	return args, file
}

// calls waits for the program to end and returns its trace as the README
// shows it (socketCalls), the last line how the program ended.
func (p *traced) calls(t *testing.T, names ...string) ([]string, sockettest.Result) {
	t.Helper()
	r := p.MustWait(t)
	raw, err := os.ReadFile(p.file)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := socketCalls(string(raw), names)
	if err != nil {
		t.Fatal(err)
	}
	return lines, r
}

// session is what a terminal shows of a traced program's run: the
// command, the calls, what the program wrote to standard output, and how
// it ended. A server run in the background (cmd ending in &) shows its
// calls only.
func session(cmd string, calls []string, stdout string) []string {
	lines := append([]string{"$ " + cmd}, calls[:len(calls)-1]...)
	if strings.HasSuffix(cmd, "&") {
		return lines
	}
	if stdout != "" {
		lines = append(lines, strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")...)
	}
	return append(lines, calls[len(calls)-1])
}

var (
	// "3<TCP:[127.0.0.1:40000->127.0.0.1:5000]>": a TCP socket, as -yy
	// shows it.
	tcpFD = regexp.MustCompile(`(\d+)<TCP:\[[^\]]*\]>`)
	// poll's result names the ready descriptors bare: "{fd=3, revents=".
	pollResult = regexp.MustCompile(`\{fd=(\d+), revents`)
	// strace pads " = result" to a column.
	resultPad = regexp.MustCompile(`\)\s+= `)
	// A buffer's address, where a read failed and wrote nothing.
	pointer = regexp.MustCompile(`\b0x[0-9a-f]+\b`)
	// Who sent a signal: the process itself, for SIGPIPE, and its user.
	sender = regexp.MustCompile(`si_pid=\d+, si_uid=\d+`)
)

// socketCalls reads strace -f -yy -o output and keeps what the README
// shows: the calls on TCP sockets, the signals delivered (but SIGURG,
// which Go's runtime sends itself to preempt goroutines), and how the
// program ended. The sockets are named names, in the order they first
// appear, as the C names its variables; a buffer's address becomes 0x…,
// the sender of a signal PID and UID.
func socketCalls(raw string, names []string) ([]string, error) {
	lines, err := strace.Lines(raw)
	if err != nil {
		return nil, fmt.Errorf("strace.Lines: %w", err)
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("no trace: %q", raw)
	}
	named := map[string]string{}
	name := func(fd string) string {
		if _, ok := named[fd]; !ok {
			named[fd] = fmt.Sprintf("sock%d", len(named)+1)
			if len(named) <= len(names) {
				named[fd] = names[len(named)-1]
			}
		}
		return named[fd]
	}
	var out []string
	for _, l := range lines {
		text := l.Text
		switch {
		case strings.HasPrefix(text, "+++ "):
			if l.Pid != lines[0].Pid {
				continue // a thread of the Go runtime
			}
		case strings.HasPrefix(text, "--- SIGURG"):
			continue
		case strings.HasPrefix(text, "--- SIG"):
			text = sender.ReplaceAllString(text, "si_pid=PID, si_uid=UID")
		case tcpFD.MatchString(text):
			text = tcpFD.ReplaceAllStringFunc(text, func(s string) string { return name(tcpFD.FindStringSubmatch(s)[1]) })
			text = pollResult.ReplaceAllStringFunc(text, func(s string) string {
				return "{fd=" + name(pollResult.FindStringSubmatch(s)[1]) + ", revents"
			})
			text = pointer.ReplaceAllString(text, "0x…")
			text = resultPad.ReplaceAllString(text, ") = ")
			// ppoll's last argument, the size of a signal mask that is
			// not there, is 0 from x/sys/unix and 8 from qemu-user.
			text = strings.Replace(text, ", NULL, NULL, 8)", ", NULL, NULL, 0)", 1)
		default:
			continue
		}
		out = append(out, text)
	}
	return out, nil
}
