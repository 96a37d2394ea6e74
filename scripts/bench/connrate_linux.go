package main

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"tcpsocket/scripts/sockettest"
)

// connRate is the connection-rate rows: one server serving cfg.conns
// connections, one after another, to the load generator
// (scripts/bench/c/loadgen.c, the same for every contender), both pinned to the
// same CPU, then to two different CPUs. The experiments run in the same
// rotation, on the same CPU, a row each: the port with GOMAXPROCS=1 (as
// it was before scripts/grownup/server/procs.go), and scripts/bench/rawaccept.
func (p *programs) connRate(cfg config) ([]row, error) {
	var rows []row
	for _, place := range placements {
		rate := newRow(fmt.Sprintf("connections/s, %d sequential, %s", cfg.conns, place.name), higherIsBetter)
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
				perSec, err := p.connectionsPerSecond(argv, place, cfg.conns)
				if err != nil {
					return nil, fmt.Errorf("%s, %s: %w", c.name, place.name, err)
				}
				if experiment, ok := experiments[c.name]; ok {
					experiment.samples["Go port"] = append(experiment.samples["Go port"], perSec)
				} else {
					rate.samples[c.name] = append(rate.samples[c.name], perSec)
				}
			}
			fmt.Fprint(os.Stderr, ".")
		}
		fmt.Fprintln(os.Stderr)
		rows = append(rows, rate)
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
// pinned as place says.
func (p *programs) connectionsPerSecond(argv []string, place placement, conns int) (float64, error) {
	srv, err := startServer(pinned(place.serverCPU, append(argv, "-n", strconv.Itoa(conns))...)...)
	if err != nil {
		return 0, err
	}
	defer srv.Stop()
	r, err := sockettest.New(2*sockettest.Timeout, pinned(place.clientCPU, p.loadgen, "-port", strconv.Itoa(srv.Port), "-n", strconv.Itoa(conns))...).Run()
	if err != nil || r.Code != 0 {
		return 0, fmt.Errorf("loadgen: %v, %v", r, err)
	}
	if err := finish(srv); err != nil {
		return 0, err
	}
	secs, err := strconv.ParseFloat(strings.TrimSpace(r.Stdout), 64)
	if err != nil {
		return 0, fmt.Errorf("loadgen printed %q", r.Stdout)
	}
	return float64(conns) / secs, nil
}
