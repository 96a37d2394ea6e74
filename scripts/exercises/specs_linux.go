package main

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"tcpsocket/scripts/internal/strace"
	"tcpsocket/scripts/sockettest"
)

// A spec is how the lab runs an exercise and what the checker checks.
type spec struct {
	exercise
	talk   func(l *lab) error // the peer's part, once the server is ready (servers only)
	stops  bool               // the server serves until stopped: SIGTERM once the peer is done
	states bool               // the exercise is about the sockets' states: ss after the exchange
	tasks  bool               // the exercise is about tasks (threads, processes): each call marked with its task
	fds    []string           // the names of its sockets, in the order they appear (serverFDs where nil)
	known  []strace.Known     // differences from the C that the exercise explains
	checks []rule             // in order: the first that fails is the verdict
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
			{servedAll(serverMessage), "accept(2) returns one connection: to serve the next, call it again: a loop around accept, write and close (UNP 4.6)"},
			{stillServing, "keep the loop going: the server ends when it is stopped (SIGINT, SIGTERM), not after a client"},
		},
	},
	{
		exercise: mustFind("echo"),
		talk:     clients(1),
		checks: []rule{
			{peerGot(0, "the client sent \"Client Message\" and got back", "Client Message"), "read(2) what arrives and write(2) it back, until read returns 0, the end of file (UNP 5.3, str_echo)"},
			{missing(`^read\(connfd, "", \d+\) = 0$`, "your server never read to end of file (a read that returns 0)"),
				"loop until read(2) returns 0: the client's shutdown(SHUT_WR) is the end of file"},
			{missing(`^close\(connfd\) = 0$`, "your server did not close the connection"), "close(2) the connection after the end of file: the client reads until it is closed"},
			{exitedWith(0), "return from main after closing: exit status 0"},
		},
	},
	{
		exercise: mustFind("ephemeral"),
		talk:     printedPort,
		checks: []rule{
			{missing(`^bind\(listenfd, \{sa_family=AF_INET, sin_port=htons\(0\),`, "your server did not bind to port 0"),
				"bind(2) to port 0: the kernel chooses a free port (ip(7): ip_local_port_range)"},
			{missing(`^getsockname\(listenfd, \{sa_family=AF_INET, sin_port=htons\(EPHEMERAL\),`, "your server did not ask which port it got (getsockname)"),
				"getsockname(2) (unix.Getsockname) returns the address the socket is bound to"},
			{printedLine, "print \"port N\" on a line of its own, after listen(2), so that a client that reads it finds the server listening"},
			{peerGot(0, "the client printed", serverMessage), "serve the client that connects to the printed port, as the tutorial's server does"},
			{exitedWith(0), "return from main after closing: exit status 0"},
		},
	},
	{
		exercise: mustFind("client-closes-first"),
		talk:     clients(1),
		states:   true,
		checks: []rule{
			{peerGot(0, "the client printed", serverMessage), "write the tutorial's message first: the client closes once it has it"},
			{timeWaitOnClient, "before close(2), read(2) until it returns 0: that is the client's FIN. Whoever sends the first FIN waits in TIME_WAIT (RFC 9293, 3.6)"},
			{exitedWith(0), "return from main after closing: exit status 0"},
		},
	},
	{
		exercise: mustFind("half-close"),
		checks: []rule{
			{noEndOfFile, "shutdown(2) with SHUT_WR (unix.Shutdown) after the request: the kernel sends FIN, the server's read returns 0, and your side can still read"},
			{missing(`^shutdown\(sockfd, SHUT_WR\) = 0$`, "your client did not shut down its sending side"),
				"shutdown(2) with SHUT_WR, not close(2): close would end the reading side too"},
			{printed("received 14 bytes\n"), "after the shutdown, read(2) until end of file, and print what arrives"},
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
			{missing(`^socket\(AF_INET, SOCK_DGRAM, IPPROTO_IP\) = sockfd$`, "your server did not make a UDP socket"),
				"socket(2) with SOCK_DGRAM: a datagram socket is UDP's (udp(7))"},
			{present(`^(listen|accept4?)\(`, "your server called listen or accept, which are for connections, and UDP has none"),
				"a UDP server binds, then waits for a datagram: recvfrom(2)"},
			{missing(`^recvfrom\(sockfd, `, "your server did not receive a datagram (recvfrom)"),
				"recvfrom(2) (unix.Recvfrom) returns a datagram and the address it came from"},
			{missing(`^sendto\(sockfd, "Server Message", 14, 0, \{sa_family=AF_INET, sin_port=htons\(EPHEMERAL\)`, "your server did not answer the sender (sendto)"),
				"sendto(2) (unix.Sendto) to the address that recvfrom gave"},
			{peerGot(0, "the client printed", serverMessage), "answer with the tutorial's message, \"Server Message\""},
			{exitedWith(0), "return from main after closing: exit status 0"},
		},
	},
	{
		exercise: mustFind("poll"),
		talk:     clients(1),
		stops:    true,
		checks: []rule{
			{peerGot(0, "the two clients printed", twoEchoes), "poll(2) (unix.Poll) on the listening socket and every connection; accept or read only those it says are ready (UNP 6.11)"},
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
		known: []strace.Known{
			{C: regexp.MustCompile(`^\[task \d+\] close\(listenfd\) = 0$`),
				Why: "the forked child's copy of the listening socket (fork(2) copies every descriptor); goroutines share the process's: Go has no copy to close"},
			{C: regexp.MustCompile(`^close\(connfd\d*\) = 0$`),
				Why: "the parent's copy of the connection, which the child serves (UNP 4.8); a goroutine shares the one descriptor, which it closes"},
		},
		checks: []rule{
			{peerGot(0, "the two clients printed", twoEchoes), "go a function that serves one connection, once for each accept: the goroutine waits in read(2), the loop goes on to the next accept"},
			{present(`^(p?poll|p?select6?|epoll_\w+)\(`, "your server waits for its sockets in one place, which is the poll exercise's answer"),
				"a goroutine per connection (go serve(connfd)), each blocked in its own read(2): the runtime gives each a thread"},
			{stillServing, "keep accepting after a client is done: the server ends when it is stopped"},
		},
	},
}

// mustFind is the exercise of exercises.go called name.
func mustFind(name string) exercise {
	ex, ok := find(name)
	if !ok {
		panic("no exercise " + name)
	}
	return ex
}

// clients runs the peer n times, one after the other.
func clients(n int) func(l *lab) error {
	return func(l *lab) error {
		for range n {
			if _, err := l.runPeer(); err != nil {
				return err
			}
		}
		return nil
	}
}

var portLine = regexp.MustCompile(`(?m)^port (\d+)$`)

// printedPort waits for the server's "port N" line, compiles the
// tutorial's client for that port, and runs it.
func printedPort(l *lab) error {
	deadline := time.Now().Add(exitWait)
	for !portLine.MatchString(l.traced.Stdout()) {
		if time.Now().After(deadline) || l.traced.Exited() {
			l.note("no line \"port N\" within %v of listening", exitWait)
			return nil
		}
		time.Sleep(5 * time.Millisecond)
	}
	p, _ := strconv.Atoi(portLine.FindStringSubmatch(l.traced.Stdout())[1])
	client := l.dir + "/client"
	if err := sockettest.CompileC(l.peerSrc, client, p); err != nil {
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
			if p.Stdout == want {
				continue
			}
			if o.Program.Signal != "SIGTERM" {
				return fmt.Sprintf("%d of %d clients were served: your server ended (%s) after client %d", i, len(o.Peers), ending(o.Program), i)
			}
			return fmt.Sprintf("%d of %d clients were served: client %d printed %q (%s)", i, len(o.Peers), i+1, p.Stdout, ending(p))
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
		if got := o.Peers[i]; got.Stdout != want {
			return fmt.Sprintf("%s %q; want %q", what, got.Stdout, want)
		}
		return ""
	}
}

// printed: the checked program printed want.
func printed(want string) func(o outcome) string {
	return func(o outcome) string {
		if o.Program.Stdout != want {
			return fmt.Sprintf("your program printed %q; want %q", o.Program.Stdout, want)
		}
		return ""
	}
}

func printedLine(o outcome) string {
	if !portLine.MatchString(o.Program.Stdout) {
		return fmt.Sprintf("your server printed %q, not a line \"port N\"", o.Program.Stdout)
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
// SIGTERM that stopped it ended it.
func stillServing(o outcome) string {
	if o.Program.Signal != "SIGTERM" {
		return fmt.Sprintf("your server ended by itself (%s) before it was stopped", ending(o.Program))
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
