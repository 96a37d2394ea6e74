package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"tcpsocket/scripts/internal/strace"
)

// calls is the trace's calls. Where the exercise is about tasks (byTask), each
// call made by a task other than the first is marked with it ("[task 2]
// read(connfd, ...)"), and the calls are grouped by the client they serve:
// first those that serve none (socket, accept; the C parent's close),
// then each client's, in the order of what it sent (so that the C's child
// and the Go goroutine that served the same client stand side by side),
// then how the program ended. A call on a connection serves the client
// whose bytes its task read on that descriptor; where its task read none
// there (the runtime may move a goroutine to another thread), the client
// whose bytes the last read on that descriptor, up to it, returned. A
// forked child's close of the listening socket serves the child's client.
// strace writes a line when the call returns, so the trace's order of two
// tasks' calls is not always the order they were made in: where a task's
// own reads tell, the grouping does not rest on it.
func calls(byTask bool, t strace.Trace) []string {
	out := make([]string, len(t.Calls))
	for i, call := range t.Calls {
		out[i] = call
		if byTask && t.Tasks[i] != 1 {
			out[i] = fmt.Sprintf("[task %d] %s", t.Tasks[i], call)
		}
	}
	if !byTask {
		return out
	}
	type conn struct {
		task int
		fd   string
	}
	fds := make([]string, len(out))
	onConn, ofTask := map[conn]string{}, map[int]string{} // the bytes the first read returned
	for i, call := range t.Calls {
		if m := firstArg.FindStringSubmatch(call); m != nil {
			fds[i] = m[1]
		}
		if m := dataRead.FindStringSubmatch(call); m != nil {
			if c := (conn{t.Tasks[i], fds[i]}); onConn[c] == "" {
				onConn[c] = m[1]
			}
			if ofTask[t.Tasks[i]] == "" {
				ofTask[t.Tasks[i]] = m[1]
			}
		}
	}
	client := make([]string, len(out))
	last := map[string]string{} // descriptor -> the bytes its last read returned, so far
	for i, call := range t.Calls {
		if m := dataRead.FindStringSubmatch(call); m != nil {
			last[fds[i]] = m[1]
		}
		switch c := (conn{t.Tasks[i], fds[i]}); {
		case i == len(out)-1: // the exit line
			client[i] = "\xff"
		case strings.HasPrefix(c.fd, "connfd") && onConn[c] != "":
			client[i] = onConn[c]
		case strings.HasPrefix(c.fd, "connfd"):
			client[i] = last[c.fd] // a goroutine moved to another thread
		case call == "close(listenfd) = 0" && c.task != 1:
			client[i] = ofTask[c.task] // a forked child's copy
		}
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(client[a], client[b]) })
	grouped := make([]string, len(out))
	for k, i := range order {
		grouped[k] = out[i]
	}
	return collapse(grouped)
}

// collapse makes each run of reads and writes of a stream of "f"s (the
// goroutines exercise's first client, c/peer-overlap.c) one line: how many
// calls it takes depends on when the bytes arrive.
// The line stands where the stream's first call does: the parent's calls
// that the grouping puts among the stream's stay after it.
func collapse(calls []string) []string {
	var out []string
	seen := map[string]bool{} // the connections whose stream has its line
	for _, call := range calls {
		m := streamCall.FindStringSubmatch(call)
		if m == nil {
			out = append(out, call)
			continue
		}
		if !seen[m[2]] {
			out = append(out, fmt.Sprintf(`%sread, write(%s, "fff"...) again and again: a stream`, m[1], m[2]))
		}
		seen[m[2]] = true
	}
	return out
}

// streamCall is a read or a write of "f"s on a connection.
var streamCall = regexp.MustCompile(`^(\[task \d+\] )?(?:read|write)\((connfd\d*), "f+"(?:\.\.\.)?, \d+\) = \d+$`)

var (
	// dataRead is a read that returned bytes: their text.
	dataRead = regexp.MustCompile(`^read\(\w+, "([^"]+)"`)
	// firstArg is a call's first argument: its socket.
	firstArg = regexp.MustCompile(`^\w+\((\w+)`)
)
