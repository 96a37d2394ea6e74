package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"tcpsocket/scripts/internal/strace"
	"tcpsocket/scripts/lab"
)

// syscalls counts each process's system calls in one exchange: all of
// them with strace -c -f, and those on its TCP sockets with strace -f -yy.
func (p *programs) syscalls(config) ([]row, error) {
	fmt.Fprintln(os.Stderr, "bench: system calls (strace)")
	serverTotal := newCountRow("syscalls, server: total")
	serverTCP := newCountRow("syscalls, server: on the TCP sockets")
	clientTotal := newCountRow("syscalls, client: total")
	clientTCP := newCountRow("syscalls, client: on the TCP sockets")
	for _, c := range p.contenders {
		for mode, side := range map[string][2]*row{"-c": {&serverTotal, &clientTotal}, "-yy": {&serverTCP, &clientTCP}} {
			trace := filepath.Join(p.dir, "strace-"+strings.ReplaceAll(c.name, " ", "")+mode)
			if err := p.tracedExchange(c, mode, trace); err != nil {
				return nil, err
			}
			for i, file := range []string{trace + ".server", trace + ".client"} {
				raw, err := os.ReadFile(file)
				if err != nil {
					return nil, err
				}
				n, err := countCalls(string(raw), mode)
				if err != nil {
					return nil, fmt.Errorf("count the %s calls in %s: %w", c.name, file, err)
				}
				side[i].samples[c.name] = []float64{float64(n)}
			}
		}
	}
	return []row{serverTotal, serverTCP, clientTotal, clientTCP}, nil
}

// tracedExchange runs one exchange of c's server and client, each under
// strace -f with mode, into trace.server and trace.client.
func (p *programs) tracedExchange(c contender, mode, trace string) error {
	srv, err := startServer("strace", "-f", mode, "-o", trace+".server", "--", c.server)
	if err != nil {
		return err
	}
	defer srv.Stop()
	r, err := lab.New(0, "strace", "-f", mode, "-o", trace+".client", "--", c.client, "-port", strconv.Itoa(srv.Port)).Run()
	if err != nil {
		return fmt.Errorf("run the %s client under strace %s: %w", c.name, mode, err)
	}
	if r.Stdout != message {
		return fmt.Errorf("%s client under strace %s: %v; want %q", c.name, mode, r, message)
	}
	return finish(srv)
}

func newCountRow(name string) row {
	r := newRow(name, lowerIsBetter)
	r.format = "%.0f"
	return r
}

var straceTotal = regexp.MustCompile(`(?m)^100\.00\s+\S+\s+\S+\s+(\d+)\s+(?:\d+\s+)?total$`)

// countCalls reads strace -c's total, or counts the calls on TCP sockets in
// a -yy trace (a call split by another thread counted once; a call the
// kernel restarted after a signal counted once).
func countCalls(raw, mode string) (int, error) {
	if mode == "-c" {
		m := straceTotal.FindStringSubmatch(raw)
		if m == nil {
			return 0, errors.New("no total line in strace -c output")
		}
		return strconv.Atoi(m[1])
	}
	lines, err := strace.Lines(raw)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, line := range lines {
		if strings.Contains(line.Text, "<TCP") && !strings.Contains(line.Text, "= ? ERESTART") {
			n++
		}
	}
	return n, nil
}
