package main

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"tcpsocket/sockutil/process"
)

// connRate is the connection-rate rows: one server serving cfg.conns
// connections, one after another, to the load generator
// (scripts/c/loadgen.c, the same for every contender), both pinned to the
// same CPU, then to two different CPUs. The experiment rawaccept runs in
// the same rotation, on the same CPU, for a row of its own.
func (p *programs) connRate(cfg config) ([]row, error) {
	var rows []row
	for _, place := range placements {
		rate := newRow(fmt.Sprintf("connections/s, %d sequential, %s", cfg.conns, place.name), higherIsBetter)
		raw := newRow("  the same, Go port's loop with a raw accept4 (experiment)", higherIsBetter)
		fmt.Fprintf(os.Stderr, "bench: %s", rate.name)
		servers := slices.Clone(p.contenders)
		if place.serverCPU == place.clientCPU {
			servers = append(servers, contender{name: "raw", server: p.rawAccept})
		}
		for _, order := range rotations(servers, cfg.reps) {
			for _, c := range order {
				perSec, err := p.connectionsPerSecond(c.server, place, cfg.conns)
				if err != nil {
					return nil, fmt.Errorf("%s, %s: %w", c.name, place.name, err)
				}
				if c.name == "raw" {
					raw.samples["Go port"] = append(raw.samples["Go port"], perSec)
				} else {
					rate.samples[c.name] = append(rate.samples[c.name], perSec)
				}
			}
			fmt.Fprint(os.Stderr, ".")
		}
		fmt.Fprintln(os.Stderr)
		rows = append(rows, rate)
		if len(raw.samples) > 0 {
			raw.samples["C"] = rate.samples["C"]
			rows = append(rows, raw)
		}
	}
	return rows, nil
}

// connectionsPerSecond runs one server for conns connections and the load
// generator against it, each pinned as place says.
func (p *programs) connectionsPerSecond(server string, place placement, conns int) (float64, error) {
	srv, err := startServer(pinned(place.serverCPU, server, "-n", strconv.Itoa(conns))...)
	if err != nil {
		return 0, err
	}
	defer srv.Stop()
	r, err := process.New(2*process.Timeout, pinned(place.clientCPU, p.loadgen, "-port", strconv.Itoa(srv.Port), "-n", strconv.Itoa(conns))...).Run()
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
