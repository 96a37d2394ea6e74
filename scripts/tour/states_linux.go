//go:build linux && (amd64 || arm64)

package main

import (
	"fmt"
	"slices"
	"strings"
)

// stateTable draws TCP's state diagram as the tour measured it: after
// each call of one pair's tour, the states that each of the three sockets
// (the listener, the server's side of the connection, the client's) went
// through since the call before, "-" where it is gone or not yet made;
// then each socket's states in turn.
//
// With the kernel's record (the tour's "kernel:" lines), every state is
// there, the passing ones too; but a connection that closes first is
// handed to a TIME-WAIT socket, which the record does not follow, so from
// then on the server's side is what ss shows. Without it, each cell is
// what ss showed after the call: only the states that last.
func stateTable(lines []string) []string {
	row := func(after, listener, server, client string) string {
		return fmt.Sprintf("%-19s %-9s %-24s %s", after, listener, server, client)
	}
	rows := []string{row("after", "listener", "server's side", "client's side")}
	sockets := []string{listenerSock, serverSock, clientSock}
	recorded := slices.ContainsFunc(lines, func(l string) bool {
		return strings.HasPrefix(strings.TrimSpace(l), "kernel: ") && !strings.Contains(l, "no record")
	})
	var after string
	now := [3]string{"-", "-", "-"} // each socket's state
	var path [3][]string            // the states each entered since the call before
	var listed [3]string            // what ss listed after the call
	handedOver := false             // the server's side is a TIME-WAIT socket's now
	var seen [3][]string
	enter := func(i int, state string) {
		now[i] = state
		path[i] = append(path[i], state)
		if n := len(seen[i]); n == 0 || seen[i][n-1] != state {
			seen[i] = append(seen[i], state)
		}
	}
	flush := func() {
		if after == "" {
			return
		}
		for i := range sockets {
			if recorded && !(i == 1 && handedOver) {
				continue
			}
			if listed[i] != now[i] {
				enter(i, listed[i])
			}
		}
		var cells [3]string
		for i := range sockets {
			cells[i] = now[i]
			if len(path[i]) > 0 {
				cells[i] = strings.Join(path[i], " > ")
			}
		}
		rows = append(rows, row(after, cells[0], cells[1], cells[2]))
		path = [3][]string{}
	}
	for i := range sockets {
		seen[i] = []string{"-"}
	}
	for _, line := range lines {
		f := strings.Fields(line)
		switch {
		case len(f) >= 2 && (f[0] == "server" || f[0] == "client"):
			flush()
			after, listed = f[0]+" "+callOf(line), [3]string{"-", "-", "-"}
		case recorded && len(f) >= 4 && f[0] == "kernel:":
			i := slices.IndexFunc(sockets, func(s string) bool { return strings.HasPrefix(strings.Join(f[1:], " "), s+":") })
			arrow := slices.Index(f, "->")
			if i < 0 || arrow < 0 || arrow+1 >= len(f) {
				continue
			}
			state := strings.TrimSuffix(f[arrow+1], ":")
			switch {
			case i == 1 && strings.Contains(line, "TIME-WAIT socket"):
				handedOver = true // ss says what it is now
			case state == "CLOSED":
				enter(i, "-")
			default:
				enter(i, state)
			}
		case len(f) >= 6 && f[0] == "ss:" && f[1] != "State" && !strings.HasPrefix(f[1], "("):
			switch state, local := f[1], f[4]; {
			case state == "LISTEN":
				listed[0] = state
			case strings.HasSuffix(local, fmt.Sprintf(":%d", port)):
				listed[1] = state
			default:
				listed[2] = state
			}
		}
	}
	flush()
	rows = append(rows, "")
	for i, name := range sockets {
		rows = append(rows, fmt.Sprintf("%-14s %s", name+":", strings.Join(seen[i], " -> ")))
	}
	if recorded {
		rows = append(rows, "", "From the kernel's record (sock:inet_sock_set_state), but TIME-WAIT,",
			"which ss shows: the kernel hands a connection that closed first to a",
			"TIME-WAIT socket of its own, which the record does not follow.")
	} else {
		rows = append(rows, "", "From ss after each call: without the kernel's record, the states",
			"that last only until a segment arrives are not seen.")
	}
	return rows
}

// callOf names the call on a tour line: "socket()", "read() = 14",
// "exit"; accept4 as accept, which it is with flags 0.
func callOf(line string) string {
	f := strings.Fields(line)
	name, _, _ := strings.Cut(f[1], "(")
	switch name {
	case "exit_group":
		return "exit"
	case "accept4":
		name = "accept"
	}
	if name == "read" {
		if i := strings.LastIndex(line, " = "); i >= 0 {
			return name + "()" + line[i:]
		}
	}
	return name + "()"
}
