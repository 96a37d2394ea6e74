// Package procnet reads the kernel's tables of sockets: /proc/net/tcp,
// tcp6, udp and udp6 (proc(5)), one line a socket of the calling
// process's network namespace, a header line first. It is the one reader
// of them: sockutil's hint says what holds a port, and the lab waits for
// a listener with it.
package procnet

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// The tables, by protocol and family.
const (
	TCP  = "/proc/net/tcp"
	TCP6 = "/proc/net/tcp6"
	UDP  = "/proc/net/udp"
	UDP6 = "/proc/net/udp6"
)

// The states of the st column that the callers ask about, in hex, as the
// kernel prints them (include/net/tcp_states.h).
const (
	Listen   = 0x0A // TCP_LISTEN
	TimeWait = 0x06 // TCP_TIME_WAIT
)

// A Socket is one line of a table: its local port and its state.
type Socket struct {
	LocalPort int
	State     int
}

// Read returns the sockets of table. A table that does not exist (tcp6
// and udp6 where the kernel has no IPv6) has none.
func Read(table string) ([]Socket, error) {
	f, err := os.Open(table)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the sockets: %w", err)
	}
	defer f.Close()
	var socks []Socket
	sc := bufio.NewScanner(f)
	sc.Scan() // the header
	for sc.Scan() {
		// "  0: 0100007F:1388 00000000:0000 0A ...": sl, local address,
		// remote address, st.
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 {
			continue
		}
		_, port, ok := strings.Cut(fields[1], ":")
		p, perr := strconv.ParseUint(port, 16, 16)
		st, serr := strconv.ParseUint(fields[3], 16, 8)
		if !ok || perr != nil || serr != nil {
			return nil, fmt.Errorf("read the sockets: %s: a line not in proc(5)'s form: %q", table, sc.Text())
		}
		socks = append(socks, Socket{LocalPort: int(p), State: int(st)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read the sockets: %s: %w", table, err)
	}
	return socks, nil
}
