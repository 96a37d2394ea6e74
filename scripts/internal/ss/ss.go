// Package ss reads the kernel's TCP sockets as a learner sees them with
// ss -tan (ss(8)), for make tour and for the exercises that are about
// states: in a network namespace of the tool's own, they are the
// programs' sockets and no others.
package ss

import (
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strconv"
	"strings"
)

// Line lays out one socket as ss -tan lists it, in columns under Header:
// its state; Recv-Q and Send-Q (for a listener: the connections waiting
// for accept(), and the backlog); its own address and port, and its
// peer's.
func Line(state, recvQ, sendQ, local, peer string) string {
	return fmt.Sprintf("%-10s %6s %6s  %-20s %s", state, recvQ, sendQ, local, peer)
}

// Header names the columns of Line.
var Header = Line("State", "Recv-Q", "Send-Q", "Local", "Peer")

// Sockets is the kernel's view of the TCP sockets, as a learner gets it
// from ss -tan: state, Recv-Q, Send-Q, local and peer address. Why ss and
// not the sock_diag netlink interface it reads: these are the very lines a
// learner types ss to see. Every port but port (the server's) becomes
// EPHEMERAL; the lines are sorted, so that two runs compare. Where ss
// cannot run, or fails, the error says so, with what ss printed on its
// standard error.
func Sockets(port int) ([]string, error) {
	out, err := exec.Command("ss", "-tanH").Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && len(exit.Stderr) > 0 {
			return nil, fmt.Errorf("ss -tanH, the kernel's TCP sockets: %w: %s", err, strings.TrimSpace(string(exit.Stderr)))
		}
		return nil, fmt.Errorf("ss -tanH, the kernel's TCP sockets: %w", err)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(l)
		if len(f) < 5 {
			continue
		}
		for i := 3; i < 5; i++ {
			if j := strings.LastIndexByte(f[i], ':'); j >= 0 && f[i][j+1:] != strconv.Itoa(port) && f[i][j+1:] != "*" {
				f[i] = f[i][:j+1] + "EPHEMERAL"
			}
		}
		lines = append(lines, Line(f[0], strconv.Itoa(atoi(f[1])), strconv.Itoa(atoi(f[2])), f[3], f[4]))
	}
	if len(lines) == 0 {
		// A socket that is only made is in no table of the kernel's; one
		// that is only bound is reported from Linux 6.5 on (sock_diag), and
		// a newer ss -a lists it as UNCONN, but not every ss does.
		return []string{NoneListed}, nil
	}
	slices.Sort(lines)
	return lines, nil
}

// NoneListed is Sockets's one line when ss lists no TCP socket: a note,
// not a socket.
const NoneListed = "(none listed: this ss lists no socket that is only made or bound)"

// atoi is a queue's length, 0 for what is not a number.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
