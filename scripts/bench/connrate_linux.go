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
// same CPU, then to two different CPUs. The experiment rawaccept runs in
// the same rotation, on the same CPU, for a row of its own.
func (p *programs) connRate(cfg config) ([]row, error) {
	var rows []row
	for _, place := range placements {
		rate := newRow(fmt.Sprintf("connections/s, %d sequential, %s", cfg.conns, place.name), higherIsBetter)
		raw := newRow("  the same, Go port's loop with a raw accept4 (experiment)", higherIsBetter)
		viaSyscall := newRow("  the same, accept4 through unix.Syscall6, no address (experiment)", higherIsBetter)
		fmt.Fprintf(os.Stderr, "bench: %s", rate.name)
		servers := slices.Clone(p.contenders)
		if place.serverCPU == place.clientCPU {
			servers = append(servers, contender{name: "raw", server: p.rawAccept}, contender{name: "syscall", server: p.rawAccept})
		}
		for _, order := range rotations(servers, cfg.reps) {
			for _, c := range order {
				var extra []string
				if c.name == "syscall" {
					extra = []string{"-via", "syscall"}
				}
				perSec, err := p.connectionsPerSecond(c.server, place, cfg.conns, extra...)
				if err != nil {
					return nil, fmt.Errorf("%s, %s: %w", c.name, place.name, err)
				}
				switch c.name {
				case "raw":
					raw.samples["Go port"] = append(raw.samples["Go port"], perSec)
				case "syscall":
					viaSyscall.samples["Go port"] = append(viaSyscall.samples["Go port"], perSec)
				default:
					rate.samples[c.name] = append(rate.samples[c.name], perSec)
				}
			}
			fmt.Fprint(os.Stderr, ".")
		}
		fmt.Fprintln(os.Stderr)
		rows = append(rows, rate)
		for _, experiment := range []row{raw, viaSyscall} {
			if len(experiment.samples) > 0 {
				experiment.samples["C"] = rate.samples["C"]
				rows = append(rows, experiment)
			}
		}
	}
	return rows, nil
}

// connectionsPerSecond runs one server for conns connections and the load
// generator against it, each pinned as place says.
func (p *programs) connectionsPerSecond(server string, place placement, conns int, args ...string) (float64, error) {
	srv, err := startServer(pinned(place.serverCPU, append([]string{server, "-n", strconv.Itoa(conns)}, args...)...)...)
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
