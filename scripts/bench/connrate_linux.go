package main

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"tcpsocket/scripts/lab"
)

// connRate is the connection-rate rows: one server serving cfg.conns
// connections, one after another, to the load generator
// (scripts/bench/c/loadgen.c, the same for every contender), both pinned to the
// same CPU, then to two different CPUs; with each rate, the CPU time the
// two processes took a connection. The experiments run in the same
// rotation, on the same CPU, a row each: the port with GOMAXPROCS=1 (as
// it was before scripts/grownup/server/procs.go), and scripts/bench/rawaccept.
func (p *programs) connRate(cfg config) ([]row, error) {
	var rows []row
	for _, place := range placements {
		rate := newRow(fmt.Sprintf("connections/s, %d sequential, %s", cfg.conns, place.name), higherIsBetter)
		cpu := newRow("  CPU time a connection, server and load generator, "+place.name+" (µs)", lowerIsBetter)
		cpu.format = "%.2f"
		oneP := newRow("  the same, Go port with GOMAXPROCS=1, the runtime's own choice on one CPU (experiment)", higherIsBetter)
		raw := newRow("  the same, Go port's loop with a raw accept4 (experiment)", higherIsBetter)
		viaSyscall := newRow("  the same, accept4 through unix.Syscall6, no address (experiment)", higherIsBetter)
		experiments := map[string]*row{"one P": &oneP, "raw": &raw, "syscall": &viaSyscall}
		fmt.Fprintf(os.Stderr, "bench: %s", rate.name)
		servers := slices.Clone(p.contenders)
		if place.serverCPU == place.clientCPU {
			servers = append(servers,
				contender{name: "one P", server: p.contenders[1].server},
				contender{name: "raw", server: p.rawAccept},
				contender{name: "syscall", server: p.rawAccept})
		}
		for _, order := range rotations(servers, cfg.reps) {
			for _, c := range order {
				argv := []string{c.server}
				switch c.name {
				case "one P": // scripts/grownup/server/procs.go leaves an explicit GOMAXPROCS alone
					argv = []string{"env", "GOMAXPROCS=1", c.server}
				case "syscall":
					argv = append(argv, "-via", "syscall")
				}
				perSec, cpuPerConn, err := p.connectionsPerSecond(argv, place, cfg.conns)
				if err != nil {
					return nil, fmt.Errorf("%s, %s: %w", c.name, place.name, err)
				}
				if experiment, ok := experiments[c.name]; ok {
					experiment.samples["Go port"] = append(experiment.samples["Go port"], perSec)
				} else {
					rate.samples[c.name] = append(rate.samples[c.name], perSec)
					cpu.samples[c.name] = append(cpu.samples[c.name], cpuPerConn)
				}
			}
			fmt.Fprint(os.Stderr, ".")
		}
		fmt.Fprintln(os.Stderr)
		rows = append(rows, rate, cpu)
		for _, experiment := range []row{oneP, raw, viaSyscall} {
			if len(experiment.samples) > 0 {
				experiment.samples["C"] = rate.samples["C"]
				rows = append(rows, experiment)
			}
		}
	}
	return rows, nil
}

// connectionsPerSecond runs one server (argv, to which -n and -port are
// added) for conns connections and the load generator against it, each
// pinned as place says. It returns the connections a second, by the load
// generator's clock, and the CPU time that the two processes took a
// connection, in microseconds: user and system time of every thread, from
// wait4(2)'s rusage (os.ProcessState). The clock counts whatever else the
// machine runs on that CPU meanwhile; the CPU time counts only the two
// processes' own, the context switches they cause included.
func (p *programs) connectionsPerSecond(argv []string, place placement, conns int) (perSec, cpuMicros float64, err error) {
	srv, err := startServer(pinned(place.serverCPU, append(argv, "-n", strconv.Itoa(conns))...)...)
	if err != nil {
		return 0, 0, err
	}
	defer srv.Stop()
	load := lab.New(2*lab.Timeout, pinned(place.clientCPU, p.loadgen, "-port", strconv.Itoa(srv.Port), "-n", strconv.Itoa(conns))...)
	r, err := load.Run()
	if err != nil {
		return 0, 0, fmt.Errorf("run loadgen for %d connections: %w", conns, err)
	}
	if r.Code != 0 {
		return 0, 0, fmt.Errorf("loadgen for %d connections: %v; want exit 0", conns, r)
	}
	if err := finish(srv); err != nil {
		return 0, 0, err
	}
	secs, err := strconv.ParseFloat(strings.TrimSpace(r.Stdout), 64)
	if err != nil {
		return 0, 0, fmt.Errorf("loadgen printed %q", r.Stdout)
	}
	cpu := cpuTime(srv.Cmd.ProcessState) + cpuTime(load.Cmd.ProcessState)
	return float64(conns) / secs, cpu.Seconds() * 1e6 / float64(conns), nil
}

// cpuTime is the user and system time of an ended process.
func cpuTime(ps *os.ProcessState) time.Duration { return ps.UserTime() + ps.SystemTime() }
