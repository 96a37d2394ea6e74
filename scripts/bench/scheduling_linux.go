package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"tcpsocket/scripts/lab"
)

// scheduling counts, with strace -c -f, the system calls of a client in a
// 16 MiB transfer at 1023-byte reads and of a server serving 2000
// connections (cfg.schedBytes, cfg.schedConns): all of them, and the futex and nanosleep calls with which
// Go's runtime parks and wakes its threads around blocking system calls
// (C makes none). Both run pinned to one CPU, as the connection-rate row's
// first placement. Then the context switches a connection costs each
// server, all its threads counted, on that one CPU.
func (p *programs) scheduling(cfg config) ([]row, error) {
	fmt.Fprintln(os.Stderr, "bench: runtime scheduling calls (strace -c)")
	clientTotal := newCountRow(fmt.Sprintf("syscalls, client, %d MiB at 1023-byte reads: total", cfg.schedBytes>>20))
	clientParks := newCountRow("  of which futex and nanosleep")
	serverTotal := newCountRow(fmt.Sprintf("syscalls, server, %d connections: total", cfg.schedConns))
	serverParks := newCountRow("  of which futex and nanosleep")
	for _, c := range p.contenders {
		trace := filepath.Join(p.dir, "sched-"+strings.ReplaceAll(c.name, " ", ""))
		if err := p.tracedBulkClient(c, trace+".client", cfg.schedBytes); err != nil {
			return nil, err
		}
		if err := p.tracedServer(c, trace+".server", cfg.schedConns); err != nil {
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
	switches := newRow("context switches a connection, server, all threads, same CPU", lowerIsBetter)
	switches.format = "%.2f"
	switchesOneP := newRow("  the same, Go port with GOMAXPROCS=1 (experiment)", lowerIsBetter)
	switchesOneP.format = "%.2f"
	for range 3 {
		for _, c := range p.contenders {
			n, err := p.switchesPerConnection([]string{c.server}, cfg.schedConns)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", c.name, err)
			}
			switches.samples[c.name] = append(switches.samples[c.name], n)
		}
		n, err := p.switchesPerConnection([]string{"env", "GOMAXPROCS=1", p.contenders[1].server}, cfg.schedConns)
		if err != nil {
			return nil, err
		}
		switchesOneP.samples["Go port"] = append(switchesOneP.samples["Go port"], n)
	}
	switchesOneP.samples["C"] = switches.samples["C"]
	return []row{clientTotal, clientParks, serverTotal, serverParks, switches, switchesOneP}, nil
}

// switchesPerConnection runs a server (argv) and the load generator on CPU
// 0 for conns connections (2000), and returns the context switches, voluntary and
// not, of all the server's threads, per connection: read from
// /proc/PID/task/*/status (proc(5)) while the server waits for one more,
// which then lets it exit.
func (p *programs) switchesPerConnection(argv []string, conns int) (float64, error) {
	srv, err := startServer(pinned("0", append(argv, "-n", strconv.Itoa(conns+1))...)...)
	if err != nil {
		return 0, err
	}
	defer srv.Stop()
	load := func(n int) error {
		r, err := lab.New(0, pinned("0", p.loadgen, "-port", strconv.Itoa(srv.Port), "-n", strconv.Itoa(n))...).Run()
		if err != nil {
			return fmt.Errorf("run loadgen for %d connections: %w", n, err)
		}
		if r.Code != 0 {
			return fmt.Errorf("loadgen for %d connections: %v; want exit 0", n, r)
		}
		return nil
	}
	if err := load(conns); err != nil {
		return 0, err
	}
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/status", srv.Pid()))
	if err != nil {
		return 0, fmt.Errorf("glob the server's threads in /proc/%d/task: %w", srv.Pid(), err)
	}
	if len(tasks) == 0 {
		return 0, fmt.Errorf("the server's threads: none in /proc/%d/task", srv.Pid())
	}
	total := 0
	for _, status := range tasks {
		raw, err := os.ReadFile(status)
		if err != nil {
			return 0, err
		}
		for _, m := range switchLine.FindAllStringSubmatch(string(raw), -1) {
			n, _ := strconv.Atoi(m[1])
			total += n
		}
	}
	if err := load(1); err != nil {
		return 0, err
	}
	return float64(total) / float64(conns), finish(srv)
}

var switchLine = regexp.MustCompile(`(?m)^(?:non)?voluntary_ctxt_switches:\s+(\d+)$`)

// tracedBulkClient runs c's client, under strace -c, against c's server
// sending size bytes (16 MiB).
func (p *programs) tracedBulkClient(c contender, trace string, size int) error {
	srv, err := startServer(pinned("0", c.server, "-size", strconv.Itoa(size))...)
	if err != nil {
		return err
	}
	defer srv.Stop()
	argv := pinned("0", "strace", "-f", "-c", "-o", trace, "--", c.client, "-buf", "1023", "-port", strconv.Itoa(srv.Port))
	cl := lab.New(0, argv...)
	cl.Cmd.Stdout = nil // to /dev/null
	r, err := cl.Run()
	if err != nil {
		return fmt.Errorf("run the %s client under strace -c: %w", c.name, err)
	}
	if r.Code != 0 {
		return fmt.Errorf("%s client under strace -c: %v; want exit 0", c.name, r)
	}
	return finish(srv)
}

// tracedServer runs c's server, under strace -c, for conns connections (2000) from
// the load generator.
func (p *programs) tracedServer(c contender, trace string, conns int) error {
	n := strconv.Itoa(conns)
	srv, err := startServer(pinned("0", "strace", "-f", "-c", "-o", trace, "--", c.server, "-n", n)...)
	if err != nil {
		return err
	}
	defer srv.Stop()
	r, err := lab.New(0, pinned("0", p.loadgen, "-port", strconv.Itoa(srv.Port), "-n", n)...).Run()
	if err != nil {
		return fmt.Errorf("run loadgen against the %s server under strace -c: %w", c.name, err)
	}
	if r.Code != 0 {
		return fmt.Errorf("loadgen against the %s server under strace -c: %v; want exit 0", c.name, r)
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
