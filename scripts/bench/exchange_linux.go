package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// exchanges times one whole exchange as processes with hyperfine: the
// harness scripts/bench/c/exchange.c starts the server, reads its port, runs the
// client, checks its output and waits for both, each pinned to its CPU;
// and the same harness around hello-world programs, the floor of two
// processes of each language. Each placement (same CPU, two CPUs) gets its
// rows; three rounds, the commands in a different order in each.
func (p *programs) exchanges(cfg config) ([]row, error) {
	type command struct{ key, line string }
	var cmds []command
	for _, place := range placements {
		cpus := " " + place.serverCPU + " " + place.clientCPU
		for _, c := range p.contenders {
			cmds = append(cmds, command{place.name + "/" + c.name, p.exchange + " " + c.server + " " + c.client + cpus})
		}
		cmds = append(cmds,
			command{place.name + "/floor C", p.exchange + " " + p.helloC + " " + p.helloC + cpus},
			command{place.name + "/floor Go", p.exchange + " " + p.helloGo + " " + p.helloGo + cpus})
	}
	times := map[string][]float64{} // milliseconds, by key
	fmt.Fprint(os.Stderr, "bench: whole exchange (hyperfine)")
	for round, order := range rotations(cmds, 3) {
		out := filepath.Join(p.dir, fmt.Sprintf("hyperfine-%d.json", round))
		args := []string{"-N", "--warmup", "5", "--runs", strconv.Itoa(cfg.runs), "--style", "none", "--export-json", out}
		for _, c := range order {
			args = append(args, c.line)
		}
		if msg, err := exec.Command("hyperfine", args...).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("hyperfine: %v\n%s", err, msg)
		}
		results, err := readHyperfine(out)
		if err != nil {
			return nil, err
		}
		for _, c := range cmds {
			for _, s := range results[c.line] {
				times[c.key] = append(times[c.key], s*1000)
			}
		}
		fmt.Fprint(os.Stderr, ".")
	}
	fmt.Fprintln(os.Stderr)

	var rows []row
	for _, place := range placements {
		exchange := newRow("whole exchange, 2 processes, "+place.name+" (ms)", lowerIsBetter)
		floor := newRow("hello-world floor, 2 processes, "+place.name+" (ms)", lowerIsBetter)
		over := newRow("exchange over its language's floor, "+place.name, lowerIsBetter)
		over.format = "%.3f"
		for _, c := range p.contenders {
			lang := "Go"
			if c.name == "C" {
				lang = "C"
			}
			exchange.samples[c.name] = times[place.name+"/"+c.name]
			floor.samples[c.name] = times[place.name+"/floor "+lang]
			over.samples[c.name] = []float64{median(exchange.samples[c.name]) / median(floor.samples[c.name])}
		}
		rows = append(rows, exchange, floor, over)
	}
	return rows, nil
}

// readHyperfine reads hyperfine's --export-json: each command's times, in
// seconds.
func readHyperfine(file string) (map[string][]float64, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var res struct {
		Results []struct {
			Command string    `json:"command"`
			Times   []float64 `json:"times"`
		} `json:"results"`
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	times := map[string][]float64{}
	for _, r := range res.Results {
		times[strings.TrimSpace(r.Command)] = r.Times
	}
	return times, nil
}
