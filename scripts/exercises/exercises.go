package main

import (
	"fmt"
	"io"
	"path/filepath"
)

// An exercise is one task of scripts/exercises: its folder holds the task
// (README.md) and the starting point (main.go) that the learner edits in
// place; answers/NAME holds the Go reference, c/ the C reference and the
// C peers that talk to the learner's program.
type exercise struct {
	name    string
	summary string // one line, for make exercise's list
	writes  string // "server" or "client": which program the learner writes
	c       string // the C reference, in c/
	peer    string // the C program it talks to, from the repository's root
}

// exercises, in the order a learner takes them.
var exercises = []exercise{
	{"forever", "serve client after client, until it is stopped", "server", "forever.c", tutorialClient},
	{"echo", "read to end of file, write every byte back", "server", "echo.c", inC("peer-echo-client.c")},
	{"ephemeral", "bind to port 0, print the port the kernel chose", "server", "ephemeral.c", tutorialClient},
	{"client-closes-first", "close after the client: TIME_WAIT moves to it", "server", "client-closes-first.c", inC("peer-closer.c")},
	{"half-close", "a client that shuts down its sending side (SHUT_WR)", "client", "half-close.c", inC("peer-counter.c")},
	{"udp", "the exchange over UDP: no listen, accept, end of file", "server", "udp.c", inC("peer-udp-client.c")},
	{"poll", "two clients at once, in one thread, with poll(2)", "server", "poll.c", twoClients},
	{"goroutines", "two clients at once, a goroutine each (C: fork)", "server", "fork.c", inC("peer-overlap.c")},
}

// Where the exercises and their peers are, from the repository's root.
var (
	dir            = filepath.Join("scripts", "exercises")
	tutorialClient = filepath.Join("scripts", "tutorial", "client.c")
	twoClients     = inC("peer-two-clients.c")
)

// find returns the exercise called name.
func find(name string) (exercise, bool) {
	for _, ex := range exercises {
		if ex.name == name {
			return ex, true
		}
	}
	return exercise{}, false
}

// list prints the exercises, one line each, and how to check one.
func list(w io.Writer) {
	fmt.Fprintln(w, "The exercises (scripts/exercises/NAME/README.md has the task):")
	for i, ex := range exercises {
		fmt.Fprintf(w, "%2d. %-19s %s\n", i+1, ex.name, ex.summary)
	}
	fmt.Fprintln(w, "Check one: make exercise EX=NAME (PKG=DIR: your program elsewhere).")
}

// inC is the path of the C program name in c/.
func inC(name string) string { return filepath.Join(dir, "c", name) }
