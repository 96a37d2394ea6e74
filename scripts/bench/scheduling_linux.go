package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"tcpsocket/scripts/sockettest"
)

// scheduling counts, with strace -c -f, the system calls of a client in a
// 16 MiB transfer at 1023-byte reads and of a server serving 2000
// connections: all of them, and the futex and nanosleep calls with which
// Go's runtime parks and wakes its threads around blocking system calls
// (C makes none). Both run pinned to one CPU, as the connection-rate row's
// first placement.
func (p *programs) scheduling(config) ([]row, error) {
	fmt.Fprintln(os.Stderr, "bench: runtime scheduling calls (strace -c)")
	clientTotal := newCountRow("syscalls, client, 16 MiB at 1023-byte reads: total")
	clientParks := newCountRow("  of which futex and nanosleep")
	serverTotal := newCountRow("syscalls, server, 2000 connections: total")
	serverParks := newCountRow("  of which futex and nanosleep")
	for _, c := range p.contenders {
		trace := filepath.Join(p.dir, "sched-"+strings.ReplaceAll(c.name, " ", ""))
		if err := p.tracedBulkClient(c, trace+".client"); err != nil {
			return nil, err
		}
		if err := p.tracedServer(c, trace+".server"); err != nil {
			return nil, err
		}
		for file, rows := range map[string][2]*row{trace + ".client": {&clientTotal, &clientParks}, trace + ".server": {&serverTotal, &serverParks}} {
			raw, err := os.ReadFile(file)
			if err != nil {
				return nil, err
			}
			counts := straceCounts(string(raw))
			rows[0].samples[c.name] = []float64{float64(counts["total"])}
			rows[1].samples[c.name] = []float64{float64(counts["futex"] + counts["nanosleep"])}
		}
	}
	return []row{clientTotal, clientParks, serverTotal, serverParks}, nil
}

// tracedBulkClient runs c's client, under strace -c, against c's server
// sending 16 MiB.
func (p *programs) tracedBulkClient(c contender, trace string) error {
	srv, err := startServer(pinned("0", c.server, "-size", strconv.Itoa(16<<20))...)
	if err != nil {
		return err
	}
	defer srv.Stop()
	argv := pinned("0", "strace", "-f", "-c", "-o", trace, "--", c.client, "-buf", "1023", "-port", strconv.Itoa(srv.Port))
	cl := sockettest.New(0, argv...)
	cl.Cmd.Stdout = nil // to /dev/null
	if r, err := cl.Run(); err != nil || r.Code != 0 {
		return fmt.Errorf("%s client under strace: %v, %v", c.name, r, err)
	}
	return finish(srv)
}

// tracedServer runs c's server, under strace -c, for 2000 connections from
// the load generator.
func (p *programs) tracedServer(c contender, trace string) error {
	srv, err := startServer(pinned("0", "strace", "-f", "-c", "-o", trace, "--", c.server, "-n", "2000")...)
	if err != nil {
		return err
	}
	defer srv.Stop()
	if r, err := sockettest.New(0, pinned("0", p.loadgen, "-port", strconv.Itoa(srv.Port), "-n", "2000")...).Run(); err != nil || r.Code != 0 {
		return fmt.Errorf("loadgen against %s under strace: %v, %v", c.name, r, err)
	}
	return finish(srv)
}

var straceCountLine = regexp.MustCompile(`(?m)^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)$`)

// straceCounts reads strace -c's table: calls by system call, and "total".
func straceCounts(raw string) map[string]int {
	counts := map[string]int{}
	for _, m := range straceCountLine.FindAllStringSubmatch(raw, -1) {
		n, _ := strconv.Atoi(m[1])
		counts[m[2]] += n
	}
	return counts
}
