//go:build linux && (amd64 || arm64)

package main

import (
	"fmt"
	"strings"
)

// stateTable draws TCP's state diagram as the tour measured it: after
// each call of one pair's tour, the state that ss showed of each of the
// three sockets (the listener, the server's side of the connection, the
// client's), "-" where ss listed none; then each socket's states in turn.
func stateTable(lines []string) []string {
	row := func(after, listener, server, client string) string {
		return fmt.Sprintf("%-20s %-9s %-14s %s", after, listener, server, client)
	}
	rows := []string{row("after", "listener", "server's side", "client's side")}
	var after string
	var now [3]string
	var seen [3][]string
	flush := func() {
		if after == "" {
			return
		}
		rows = append(rows, row(after, now[0], now[1], now[2]))
		for i, s := range now {
			if n := len(seen[i]); n == 0 || seen[i][n-1] != s {
				seen[i] = append(seen[i], s)
			}
		}
	}
	for _, line := range lines {
		f := strings.Fields(line)
		switch {
		case len(f) >= 2 && (f[0] == "server" || f[0] == "client"):
			flush()
			after, now = f[0]+" "+callOf(line), [3]string{"-", "-", "-"}
		case len(f) >= 6 && f[0] == "ss:" && f[1] != "State" && !strings.HasPrefix(f[1], "("):
			switch state, local := f[1], f[4]; {
			case state == "LISTEN":
				now[0] = state
			case strings.HasSuffix(local, fmt.Sprintf(":%d", port)):
				now[1] = state
			default:
				now[2] = state
			}
		}
	}
	flush()
	rows = append(rows, "")
	for i, name := range []string{"listener", "server's side", "client's side"} {
		rows = append(rows, fmt.Sprintf("%-14s %s", name+":", strings.Join(seen[i], " -> ")))
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
