package strace

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// A Trace is what strace -f -yy recorded of one program, reduced to what
// make compare and make exercise look at.
type Trace struct {
	Calls     []string // the socket calls, normalised; then the exit line
	Tasks     []int    // for each call, the task that made it: 1 the first, 2 the next to make one, ...
	Other     int      // every other system call: loader, libc, Go runtime
	Signals   int      // signals delivered (Go's runtime uses SIGURG)
	Restarted int      // calls the kernel restarted after a signal
	// Terminated: a SIGTERM reached a process of the program. strace shows
	// a signal's delivery ("--- SIGTERM {...} ---") only to a process still
	// running; one that had ended gets none, though kill(2) to it succeeds
	// until it is waited for (a zombie).
	Terminated bool
}

var (
	// "3<TCP:[127.0.0.1:5000]>", "5<TCPv6:[[::1]:5000]>", "3<UDP:[...]>" and
	// the like: -yy shows a socket's protocol and addresses beside its descriptor (or its
	// inode before it has any). A socket it cannot name yet is
	// "5<socket:[420596]>": Go's net makes its listeners Multipath TCP
	// (IPPROTO_MPTCP) where the kernel has it, which -yy names TCP only
	// once it listens.
	tcpFD = regexp.MustCompile(`(\d+)<(?:TCP(?:v6)?|UDP(?:v6)?|socket):\[(?:[^\[\]]|\[[^\]]*\])*\]>`)
	// "1</dev/pts/0>", "1</dev/null<char 1:3>>": any other descriptor's
	// decoration, one level of <> nested in it.
	otherFD = regexp.MustCompile(`(\d+)<(?:[^<>]|<[^<>]*>)*>`)
	// strace pads the " = result" to a column; the padding varies.
	resultPad = regexp.MustCompile(`\)\s+= `)
	htons     = regexp.MustCompile(`htons\((\d+)\)`)
	// "5<pipe:[148886]>": a pipe the program made (descriptors 0 to 2 are
	// the standard ones, whatever they are), such as a self-pipe that a
	// server's stop writes to. The grown-up server made one with -n other
	// than 1 on Linux too until a stop woke its accept(2) with
	// shutdown(listenfd, SHUT_RD) (stop_linux.go); it makes one now only
	// on macOS and the BSDs (stop_other.go), which strace does not trace.
	pipeFD = regexp.MustCompile(`\b([3-9]|\d\d+)<pipe:\[\d+\]>`)
	// ppoll's result names the ready descriptors bare: "[{fd=7, revents=POLLIN}]".
	pollResult = regexp.MustCompile(`\{fd=(\d+), revents`)
	epollFD    = regexp.MustCompile(`^epoll_ctl\(\d+,`)
	epollData  = regexp.MustCompile(`data=\{[^}]*\}`)
	pointer    = regexp.MustCompile(`\b0x[0-9a-f]{6,}\b`)
	exited     = regexp.MustCompile(`^\+\+\+ (exited with \d+|killed by SIG[A-Z0-9]+.*) \+\+\+$`)
)

// The C names of the sockets, in the order each program makes them.
var (
	ServerFDs = []string{"listenfd", "connfd"}
	ClientFDs = []string{"sockfd"}
)

// Parse reads strace -f -yy -o output. fdNames names the program's
// sockets in the order they first appear, as the C names its variables
// (listenfd, connfd; any beyond fdNames are sock3, sock4, ...); port is
// the server's port, shown as PORT, port 0 stays 0 (bind's "any port"),
// and every other port is EPHEMERAL. The calls kept are those on TCP and
// UDP sockets, socket() calls that make one, and writes to standard
// output and error; the last entry is how the program (its first process)
// ended.
func Parse(raw string, fdNames []string, port int) (Trace, error) {
	var tr Trace
	lines, err := Lines(raw)
	if err != nil {
		return tr, err
	}
	names := map[string]string{} // descriptor number -> name
	mainPid, exit := "", ""
	tasks := map[string]int{} // pid -> its number, in the order of their first socket call
	task := func(pid string) int {
		if _, ok := tasks[pid]; !ok {
			tasks[pid] = len(tasks) + 1
		}
		return tasks[pid]
	}
	for _, line := range lines {
		pid, text := line.Pid, line.Text
		if mainPid == "" {
			mainPid = pid
			task(pid)
		}
		switch {
		case strings.HasPrefix(text, "--- SIG"):
			tr.Signals++
			tr.Terminated = tr.Terminated || strings.HasPrefix(text, "--- SIGTERM ")
		case exited.MatchString(text):
			if pid == mainPid {
				exit = text
			}
		case strings.HasSuffix(text, "<unfinished ...>) = ?"):
			// A call that the signal which ended the program cut short:
			// it never returned, and is left out.
		case strings.Contains(text, "= ? ERESTART"):
			// Interrupted by a signal whose handler has SA_RESTART: the
			// kernel makes the same call again, and strace shows it
			// twice. The program made it once.
			tr.Restarted++
		case isSocketCall(text):
			tr.Calls = append(tr.Calls, normalise(text, names, fdNames, port))
			tr.Tasks = append(tr.Tasks, task(pid))
		default:
			tr.Other++
		}
	}
	if exit == "" {
		return tr, fmt.Errorf("the trace has no exit line for pid %s", mainPid)
	}
	tr.Calls = append(tr.Calls, exit)
	tr.Tasks = append(tr.Tasks, 1)
	return tr, nil
}

// isSocketCall reports whether a call belongs in the comparison.
func isSocketCall(text string) bool {
	return tcpFD.MatchString(text) || pipeFD.MatchString(text) ||
		strings.HasPrefix(text, "write(1<") || strings.HasPrefix(text, "write(2<")
}

// normalise replaces what differs between runs and languages but means the
// same: descriptor numbers (Go's runtime holds descriptors of its own, so
// the Go socket is not 3), -yy's decorations, inode numbers and ports.
func normalise(text string, names map[string]string, fdNames []string, port int) string {
	text = tcpFD.ReplaceAllStringFunc(text, func(s string) string {
		fd := tcpFD.FindStringSubmatch(s)[1]
		if _, ok := names[fd]; !ok {
			sockets := len(names) - pipeEnds(names)
			name := fmt.Sprintf("sock%d", sockets+1)
			if sockets < len(fdNames) {
				name = fdNames[sockets]
			}
			names[fd] = name
		}
		return names[fd]
	})
	text = pipeFD.ReplaceAllStringFunc(text, func(s string) string {
		fd := pipeFD.FindStringSubmatch(s)[1]
		if _, ok := names[fd]; !ok {
			names[fd] = fmt.Sprintf("wake[%d]", pipeEnds(names))
		}
		return names[fd]
	})
	text = pollResult.ReplaceAllStringFunc(text, func(s string) string {
		if name, ok := names[pollResult.FindStringSubmatch(s)[1]]; ok {
			return "{fd=" + name + ", revents"
		}
		return s
	})
	// ppoll's last argument is the size of a signal mask that is not
	// there (NULL): x/sys/unix passes 0, qemu-user, making the call for an
	// emulated program, 8. Neither changes what the call does.
	if strings.HasPrefix(text, "ppoll(") {
		text = strings.Replace(text, ", NULL, NULL, 8)", ", NULL, NULL, 0)", 1)
	}
	text = otherFD.ReplaceAllString(text, "$1")
	// Go's net only (make compare-net): the netpoller's epoll descriptor,
	// the pointer it keeps with each socket, and addresses in its memory
	// differ from run to run.
	text = epollFD.ReplaceAllString(text, "epoll_ctl(epfd,")
	text = epollData.ReplaceAllString(text, "data={…}")
	text = pointer.ReplaceAllString(text, "0x…")
	text = resultPad.ReplaceAllString(text, ") = ")
	// The hints name the port: the client's for ECONNREFUSED the address
	// it tried, the server's for EADDRINUSE the ss command that finds the
	// listener; net's errors, on standard error, the address.
	if strings.HasPrefix(text, "write(1, ") || strings.HasPrefix(text, "write(2, ") {
		text = strings.ReplaceAll(text, fmt.Sprintf(":%d", port), ":PORT")
	}
	return htons.ReplaceAllStringFunc(text, func(s string) string {
		switch n, _ := strconv.Atoi(htons.FindStringSubmatch(s)[1]); n {
		case port:
			return "htons(PORT)"
		case 0: // bind's "any port": the kernel chooses
			return s
		}
		return "htons(EPHEMERAL)"
	})
}

// pipeEnds counts the pipe descriptors named so far: the self-pipe's read
// end comes first (pipe2 returns [read, write]).
func pipeEnds(names map[string]string) int {
	n := 0
	for _, name := range names {
		if strings.HasPrefix(name, "wake[") {
			n++
		}
	}
	return n
}
