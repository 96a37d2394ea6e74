package main

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"tcpsocket/scripts/internal/strace"
	"tcpsocket/scripts/lab"
)

// A spec is how the lab runs an exercise and what the checker checks.
type spec struct {
	exercise
	talk   func(l *trial) error // the peer's part, once the server is ready (servers only)
	stops  bool                 // the server serves until stopped: SIGTERM once the peer is done
	states bool                 // the exercise is about the sockets' states: ss after the exchange
	tasks  bool                 // the exercise is about tasks (threads, processes): each call marked with its task
	small  bool                 // small socket buffers in the namespace, so that a write waits soon (tcp(7): tcp_wmem, tcp_rmem)
	fds    []string             // the names of its sockets, in the order they appear (serverFDs where nil)
	known  []strace.Known       // differences from the C that the exercise explains
	checks []rule               // in order: the first that fails is the verdict
}

// A rule is one thing the answer must do: fails says what is wrong with
// an outcome, or "" if nothing is; hint points at the man page or call.
type rule struct {
	fails func(o outcome) string
	hint  string
}

func specFor(name string) (spec, bool) {
	for _, s := range specs {
		if s.name == name {
			return s, true
		}
	}
	return spec{}, false
}

// The peers' messages, as the C peers send and expect them.
const (
	serverMessage = "Server Message"
	twoEchoes     = "second client\nfirst client\n"
)

var specs = []spec{
	{
		exercise: mustFind("forever"),
		talk:     clients(3),
		stops:    true,
		checks: []rule{
			usesNet,
			{closedEach, "close(2) the connection after the write: the client reads until end of file, which the close sends"},
			{servedAll(serverMessage), "accept(2) returns one connection: to serve the next, call it again: a loop around accept, write and close (UNP 4.6)"},
			{stillServing, "keep the loop going: the server ends when it is stopped (SIGINT, SIGTERM), not after a client"},
		},
	},
	{
		exercise: mustFind("echo"),
		talk:     clients(1),
		checks: []rule{
			usesNet,
			{peerGot(0, "the client sent \"Client Message\" in two pieces, \"Client \" then \"Message\", and got back", "Client Message"),
				"read(2) returns what has arrived, which may be part of what was sent: read and write(2) it back, again and again, until read returns 0, the end of file (UNP 5.3, str_echo)"},
			{missing(endOfFile, "your server never read to end of file (a read that returns 0)"),
				"loop until read(2) returns 0: the client's shutdown(SHUT_WR) is the end of file"},
			{missing(`^close\(connfd\) = 0$`, "your server did not close the connection"), "close(2) the connection after the end of file: the client reads until it is closed"},
			{exitedWith(0), "return from main after closing: exit status 0"},
		},
	},
	{
		exercise: mustFind("ephemeral"),
		talk:     printedPort,
		checks: []rule{
			usesNet,
			{missing(`^bind\(listenfd, \{sa_family=AF_INET, sin_port=htons\(0\),`, "your server did not bind to port 0"),
				"bind(2) to port 0: the kernel chooses a free port (ip(7): ip_local_port_range)"},
			{missing(`^getsockname\(listenfd, \{sa_family=AF_INET, sin_port=htons\(EPHEMERAL\),`, "your server did not ask which port it got (getsockname)"),
				"getsockname(2) (unix.Getsockname) returns the address the socket is bound to"},
			{printedLine, "print \"port N\" on a line of its own, on standard output, after listen(2)"},
			{printedAfterListen, "print the line after listen(2): a client that reads it at once must find the server listening, not be refused (ECONNREFUSED)"},
			{printedBoundPort, "print the Port of the unix.SockaddrInet4 that unix.Getsockname returns: x/sys/unix has already put it in host byte order (ntohs), so print it as it is"},
			{peerGot(0, "the client printed", serverMessage), "serve the client that connects to the printed port, as the tutorial's server does: accept(2), write(2), close(2)"},
			{exitedWith(0), "return from main after closing: exit status 0"},
		},
	},
	{
		exercise: mustFind("client-closes-first"),
		talk:     clients(1),
		states:   true,
		checks: []rule{
			usesNet,
			{peerGot(0, "the client printed", serverMessage), "write the tutorial's message first: the client closes once it has it"},
			{present(`^setsockopt\(connfd, SOL_SOCKET, SO_LINGER, \{l_onoff=1, l_linger=0\}`, "your server set SO_LINGER to 0: its close(2) sends a reset (RST), not a FIN, so no side goes through TIME_WAIT"),
				"leave SO_LINGER alone (socket(7)): read(2) until it returns 0, then close(2); a reset is for aborting a connection, not closing it"},
			{timeWaitOnClient, "before close(2), read(2) until it returns 0: that is the client's FIN. Whoever sends the first FIN waits in TIME_WAIT (RFC 9293, 3.6)"},
			{before(endOfFile, `^close\(connfd\) = `, "your server closed the connection without first reading its end of file (a read that returns 0): it waited, and the client happened to close first"),
				"read(2) until it returns 0 (the client's FIN), then close(2): wait for the event, not for a time"},
			{exitedWith(0), "return from main after closing: exit status 0"},
		},
	},
	{
		exercise: mustFind("half-close"),
		checks: []rule{
			usesNet,
			{noEndOfFile, "shutdown(2) with SHUT_WR (unix.Shutdown) after the request: the kernel sends FIN, the server's read returns 0, and your side can still read"},
			{present(`^shutdown\(sockfd, SHUT_RDWR\) = 0$`, "your client shut down both directions (SHUT_RDWR): the server saw the end of file, but your side can no longer read the answer"),
				"shutdown(2) with SHUT_WR: only the sending side; the receiving side stays open for the answer"},
			{missing(`^shutdown\(sockfd, SHUT_WR\) = 0$`, "your client did not shut down its sending side"),
				"shutdown(2) with SHUT_WR, not close(2): close would end the reading side too"},
			{printed("received 14 bytes\n"), "the answer comes in two pieces, half a second apart: read(2) returns what has arrived, so read until it returns 0, the end of file, and print each piece"},
			{exitedWith(0), "return from main: exit status 0"},
		},
	},
	{
		exercise: mustFind("udp"),
		talk:     clients(1),
		fds:      []string{"sockfd"},
		known: []strace.Known{
			{Go: regexp.MustCompile(`^getsockopt\(sockfd, SOL_SOCKET, SO_PROTOCOL, \[17\], \[4\]\) = 0$`),
				Why: "x/sys/unix's Recvfrom turns the sender's address into a unix.Sockaddr with anyToSockaddr, which asks the socket's protocol first (17, UDP; unix/syscall_linux.go)"},
		},
		checks: []rule{
			usesNet,
			{missing(`^socket\(AF_INET, SOCK_DGRAM, IPPROTO_IP\) = sockfd$`, "your server did not make a UDP socket"),
				"socket(2) with SOCK_DGRAM: a datagram socket is UDP's (udp(7))"},
			{present(`^(listen|accept4?)\(`, "your server called listen or accept, which are for connections, and UDP has none"),
				"a UDP server binds, then waits for a datagram: recvfrom(2)"},
			{missing(`^recvfrom\(sockfd, `, "your server did not receive a datagram (recvfrom)"),
				"recvfrom(2) (unix.Recvfrom) returns a datagram and the address it came from"},
			{missing(`^sendto\(sockfd, `, "your server did not answer with sendto"),
				"sendto(2) (unix.Sendto) to the address that recvfrom gave"},
			{answeredSender, "sendto(2) the address that recvfrom(2) returned, as it is: its port is the client's, which the kernel chose"},
			{peerGot(0, "the client printed", serverMessage), "sendto(2) the tutorial's message, \"Server Message\", not what came: the client prints what it gets"},
			{exitedWith(0), "return from main after closing: exit status 0"},
		},
	},
	{
		exercise: mustFind("poll"),
		talk:     clients(1),
		stops:    true,
		checks: []rule{
			usesNet,
			{present(`revents=POLLNVAL`, "your server polls a descriptor it has closed: poll returns POLLNVAL for it at once, again and again"),
				"after close(2), take the connection out of the poll set (poll(2): POLLNVAL, \"fd not open\")"},
			{peerSaid("but no end of file"), "close(2) a connection once its read returns 0: the client reads until end of file"},
			{peerGot(0, "the two clients printed", twoEchoes), "poll(2) (unix.Poll) on the listening socket and every connection; accept or read only those it says are ready, one read each time, never until end of file, which waits (UNP 6.11)"},
			{missing(`^p?poll\(\[\{fd=listenfd, events=POLLIN\}, \{fd=connfd`, "no poll(2) call waits on the listening socket and a connection together"),
				"one unix.Poll over the listening socket and every connection, in one goroutine"},
			{stillServing, "keep serving after a client is done: the server ends when it is stopped"},
		},
	},
	{
		exercise: mustFind("goroutines"),
		talk:     clients(1),
		stops:    true,
		tasks:    true,
		small:    true,
		known: []strace.Known{
			{C: regexp.MustCompile(`^\[task \d+\] close\(listenfd\) = 0$`),
				Why: "the forked child's copy of the listening socket (fork(2) copies every descriptor); goroutines share the process's: Go has no copy to close"},
			{C: regexp.MustCompile(`^close\(connfd\d*\) = 0$`),
				Why: "the parent's copy of the connection, which the child serves (UNP 4.8); a goroutine shares the one descriptor, which it closes"},
		},
		checks: []rule{
			usesNet,
			{present(`^(p?poll|p?select6?|epoll_\w+)\(`, "your server waits for its sockets in one place, which is the poll exercise's answer"),
				"a goroutine per connection (go serve(connfd)), each blocked in its own read(2): the runtime gives each a thread"},
			{peerSaid("but no end of file"), "close(2) a connection once its read returns 0: the client reads until end of file"},
			{peerSaid("another client's bytes"), "give each goroutine a buffer of its own (make it inside the function): while one goroutine's write(2) waits, another's read(2) fills a shared buffer with its client's bytes"},
			{peerGot(0, "the two clients printed", twoEchoes), "go a function that serves one connection, once for each accept: the goroutine waits in read(2), the loop goes on to the next accept"},
			{stillServing, "keep accepting after a client is done: the server ends when it is stopped"},
		},
	},
}

// endOfFile is a call that returned 0 on a connection: the end of file,
// from read(2), recv(2), recvfrom(2) or recvmsg(2).
const endOfFile = `^(read|recv|recvfrom|recvmsg)\(connfd\d*, .*\) = 0$`

// usesNet: the program's sockets are Go's net package's. The exercises
// are about the system calls, which net makes differently (non-blocking
// sockets, SOCK_CLOEXEC, epoll, splice): the checker compares calls, so a
// net program is not checked, and says so in the same words everywhere.
var usesNet = rule{
	present(`^socket\(.*SOCK_NONBLOCK|^epoll_ctl\(`, "your program uses Go's net package (its sockets are non-blocking and wait in epoll): the exercises are about the system calls, and the checker compares yours with the C's"),
	"write it with golang.org/x/sys/unix, as the tutorial's server/main.go: unix.Socket, unix.Bind, unix.Listen, unix.Accept, unix.Read, unix.Write (socket(2))",
}

// mustFind is the exercise of exercises.go called name.
func mustFind(name string) exercise {
	ex, ok := find(name)
	if !ok {
		panic("no exercise " + name)
	}
	return ex
}

// clients runs the peer n times, one after the other, until one waits
// in vain.
func clients(n int) func(l *trial) error {
	return func(l *trial) error {
		for range n {
			r, err := l.runPeer()
			if err != nil {
				return err
			}
			if r.Hung { // the next would wait as long, for the same reason
				return nil
			}
		}
		return nil
	}
}

var portLine = regexp.MustCompile(`(?m)^port (\d+)$`)

// printedPort waits for the server's "port N" line, compiles the
// tutorial's client for that port, and runs it.
func printedPort(l *trial) error {
	if !l.traced.WaitStdout(portLine, exitWait) {
		l.note("no line \"port N\" within %v of listening", exitWait)
		return nil
	}
	p, _ := strconv.Atoi(portLine.FindStringSubmatch(l.traced.Stdout())[1])
	client := l.dir + "/client"
	if err := lab.CompileC(l.peerSrc, client, p); err != nil {
		return err
	}
	_, err := l.runPeer(client)
	return err
}

// servedAll: every run of the peer printed want. Where one did not, the
// verdict says how the server ended, which is what the learner changes:
// what the next client then saw depends on the moment it came.
func servedAll(want string) func(o outcome) string {
	return func(o outcome) string {
		for i, p := range o.Peers {
			if p.Stdout == want && p.StdoutMore == 0 && !p.Hung {
				continue
			}
			if !o.Stopped {
				return fmt.Sprintf("%d of %d clients were served: your server ended (%s) after client %d", i, len(o.Peers), ending(o.Program), i)
			}
			return fmt.Sprintf("%d of %d clients were served: client %d printed %s (%s)", i, len(o.Peers), i+1, clipped(p.Stdout, p.StdoutMore), ending(p))
		}
		return ""
	}
}

// peerGot: the peer's run i printed want; what says who got what.
func peerGot(i int, what, want string) func(o outcome) string {
	return func(o outcome) string {
		if i >= len(o.Peers) {
			return "the client never ran: " + strings.Join(o.Notes, "; ")
		}
		if got := o.Peers[i]; got.Stdout != want || got.StdoutMore > 0 {
			text := fmt.Sprintf("%s %s; want %q", what, clipped(got.Stdout, got.StdoutMore), want)
			if e := strings.TrimSpace(got.Stderr); e != "" {
				text += fmt.Sprintf(" (the client, on standard error: %s)", clipped(e, got.StderrMore))
			}
			return text
		}
		return ""
	}
}

// peerSaid: no run of the peer printed text (its own diagnosis of what
// the server did).
func peerSaid(text string) func(o outcome) string {
	return func(o outcome) string {
		for _, p := range o.Peers {
			if out := p.Stdout + p.Stderr; strings.Contains(out, text) {
				return "the peer: " + strings.TrimSpace(out)
			}
		}
		return ""
	}
}

// closedEach: no client was still waiting for its end of file where the
// server never closed a connection. (What the client had is not known:
// the C's stdio holds it until exit, and the client was killed.)
var closedEach = func(o outcome) string {
	closed := slices.ContainsFunc(o.Trace.Calls, func(c string) bool { return strings.HasPrefix(c, "close(connfd") })
	for i, p := range o.Peers {
		if p.Hung && !closed {
			return fmt.Sprintf("client %d was still waiting for the end of file after %v, and your server never closed a connection", i+1, hungPeer)
		}
	}
	return ""
}

// printed: the checked program printed want.
func printed(want string) func(o outcome) string {
	return func(o outcome) string {
		if o.Program.Stdout != want || o.Program.StdoutMore > 0 {
			return fmt.Sprintf("your program printed %s; want %q", clipped(o.Program.Stdout, o.Program.StdoutMore), want)
		}
		return ""
	}
}

// printedAfterListen: the "port N" line was written after listen(2).
func printedAfterListen(o outcome) string {
	listen := slices.IndexFunc(o.Trace.Calls, func(c string) bool { return strings.HasPrefix(c, "listen(") })
	line := slices.IndexFunc(o.Trace.Calls, func(c string) bool { return strings.HasPrefix(c, `write(1, "port `) })
	if line >= 0 && (listen < 0 || line < listen) {
		return "your server printed its port before listen(2): a client that read it at once would be refused"
	}
	return ""
}

var getsocknamePort = regexp.MustCompile(`^getsockname\([^,]*, \{sa_family=AF_INET, sin_port=htons\((\d+)\)`)

// printedBoundPort: the port printed is the one getsockname(2) returned.
func printedBoundPort(o outcome) string {
	printed := portLine.FindStringSubmatch(o.Program.Stdout)
	for _, c := range o.Ports {
		if m := getsocknamePort.FindStringSubmatch(c); m != nil && printed != nil && m[1] != printed[1] {
			return fmt.Sprintf("your server printed port %s, but getsockname said its port is %s", printed[1], m[1])
		}
	}
	return ""
}

// An address in a call as strace writes it: its port and IPv4 address.
var (
	received = regexp.MustCompile(`^recvfrom\(.*\{sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)\}`)
	sent     = regexp.MustCompile(`^sendto\(.*\{sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)\}`)
)

// answeredSender: each sendto went to the address of the last recvfrom
// before it, compared before the ports are normalised.
func answeredSender(o outcome) string {
	var from []string
	for _, c := range o.Ports {
		if m := received.FindStringSubmatch(c); m != nil {
			from = m[1:]
		}
		if m := sent.FindStringSubmatch(c); m != nil && from != nil && !slices.Equal(m[1:], from) {
			return fmt.Sprintf("your server answered %s:%s, but the datagram came from %s:%s", m[2], m[1], from[1], from[0])
		}
	}
	return ""
}

// before: a call matching first comes before the first call matching
// then; what says where not.
func before(first, then, what string) func(o outcome) string {
	a, b := regexp.MustCompile(first), regexp.MustCompile(then)
	return func(o outcome) string {
		i, j := slices.IndexFunc(o.Trace.Calls, a.MatchString), slices.IndexFunc(o.Trace.Calls, b.MatchString)
		if j >= 0 && (i < 0 || i > j) {
			return what
		}
		return ""
	}
}

func printedLine(o outcome) string {
	if !portLine.MatchString(o.Program.Stdout) {
		return fmt.Sprintf("your server printed %s, not a line \"port N\"", clipped(o.Program.Stdout, o.Program.StdoutMore))
	}
	return ""
}

// missing: no call matches pattern; what says so.
func missing(pattern, what string) func(o outcome) string {
	re := regexp.MustCompile(pattern)
	return func(o outcome) string {
		if slices.ContainsFunc(o.Trace.Calls, re.MatchString) {
			return ""
		}
		return what
	}
}

// present: a call matches pattern, and should not; what says so.
func present(pattern, what string) func(o outcome) string {
	re := regexp.MustCompile(pattern)
	return func(o outcome) string {
		if i := slices.IndexFunc(o.Trace.Calls, re.MatchString); i >= 0 {
			return what + ": " + o.Trace.Calls[i]
		}
		return ""
	}
}

func exitedWith(code int) func(o outcome) string {
	return func(o outcome) string {
		if o.Program.Signal != "" || o.Program.Code != code {
			return fmt.Sprintf("your program ended with %s; want exit %d%s", ending(o.Program), code, notes(o))
		}
		return ""
	}
}

// stillServing: the server was running when the peer was done, and the
// SIGTERM that stopped it ended it: it died of it, or caught it and
// exited 0.
func stillServing(o outcome) string {
	switch {
	case !o.Stopped:
		return fmt.Sprintf("your server ended by itself (%s) before it was stopped", ending(o.Program))
	case o.Program.Signal != "SIGTERM" && (o.Program.Signal != "" || o.Program.Code != 0):
		return fmt.Sprintf("stopped with SIGTERM, your server ended with %s; want killed by SIGTERM, or exit 0 from a handler", ending(o.Program))
	}
	return ""
}

// timeWaitOnClient: ss shows TIME-WAIT on the client's side, not on the
// server's port (ss.Line's columns: state, Recv-Q, Send-Q, local, peer).
func timeWaitOnClient(o outcome) string {
	client := false
	for _, s := range o.States {
		f := strings.Fields(s)
		if len(f) < 5 || f[0] != "TIME-WAIT" {
			continue
		}
		if strings.HasSuffix(f[3], ":"+strconv.Itoa(port)) {
			return "TIME_WAIT is on the server's side (" + f[3] + "): your server closed first"
		}
		client = true
	}
	if !client {
		return fmt.Sprintf("no connection is in TIME_WAIT after the exchange (ss: %q)", o.States)
	}
	return ""
}

// noEndOfFile: the peer server saw the request's end of file.
func noEndOfFile(o outcome) string {
	if len(o.Peers) == 1 && strings.Contains(o.Peers[0].Stderr, "no end of file") {
		return "the server waited for the end of your request and never saw it: " + strings.TrimSpace(o.Peers[0].Stderr)
	}
	return ""
}

func notes(o outcome) string {
	if len(o.Notes) == 0 {
		return ""
	}
	return " (" + strings.Join(o.Notes, "; ") + ")"
}
