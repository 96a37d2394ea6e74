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
// rows; three rounds, the commands in a different order in each. Two
// experiments on the same CPU: the port's client against a server whose
// accept is a raw system call, and the port's pair and the Go floor with
// GOMAXPROCS=2.
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
	// The experiment: the port's client against a server whose accept is
	// a raw system call (scripts/bench/rawaccept), same CPU.
	port := p.contenders[1]
	raw := command{"raw accept", p.exchange + " " + p.rawAccept + " " + port.client + " 0 0"}
	cmds = append(cmds, raw)
	times := map[string][]float64{} // milliseconds, by key
	fmt.Fprint(os.Stderr, "bench: whole exchange (hyperfine)")
	timeRounds := func(cmds []command, prefix string, env ...string) error {
		for round, order := range rotations(cmds, 3) {
			out := filepath.Join(p.dir, fmt.Sprintf("hyperfine-%s%d.json", strings.TrimSuffix(prefix, "/"), round))
			args := []string{"-N", "--warmup", strconv.Itoa(cfg.warmup), "--runs", strconv.Itoa(cfg.runs), "--style", "none", "--export-json", out}
			for _, c := range order {
				args = append(args, c.line)
			}
			cmd := exec.Command("hyperfine", args...)
			cmd.Env = append(os.Environ(), env...)
			if msg, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("hyperfine, the exchanges: %w\n%s", err, msg)
			}
			results, err := readHyperfine(out)
			if err != nil {
				return err
			}
			for _, c := range cmds {
				for _, s := range results[c.line] {
					times[prefix+c.key] = append(times[prefix+c.key], s*1000)
				}
			}
			fmt.Fprint(os.Stderr, ".")
		}
		return nil
	}
	if err := timeRounds(cmds, ""); err != nil {
		return nil, err
	}
	// The other experiment: the port's pair and the Go floor with
	// GOMAXPROCS=2 in their environment, same CPU, in rounds of their own.
	same := placements[0].name + "/"
	if err := timeRounds([]command{{same + port.name, p.exchange + " " + port.server + " " + port.client + " 0 0"},
		{same + "floor Go", p.exchange + " " + p.helloGo + " " + p.helloGo + " 0 0"}}, "twoPs/", "GOMAXPROCS=2"); err != nil {
		return nil, err
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
		if place.serverCPU != place.clientCPU {
			continue
		}
		rawRow := newRow("  whole exchange, same CPU, the server's accept a raw system call (experiment, ms)", lowerIsBetter)
		rawRow.samples["C"], rawRow.samples[port.name] = exchange.samples["C"], times[raw.key]
		twoPs := newRow("  whole exchange, same CPU, GOMAXPROCS=2 (experiment, ms)", lowerIsBetter)
		twoPs.samples["C"], twoPs.samples[port.name] = exchange.samples["C"], times["twoPs/"+same+port.name]
		twoPsOver := newRow("  exchange over its floor, same CPU, both with GOMAXPROCS=2 (experiment)", lowerIsBetter)
		twoPsOver.format = "%.3f"
		twoPsOver.samples["C"] = over.samples["C"]
		twoPsOver.samples[port.name] = []float64{median(times["twoPs/"+same+port.name]) / median(times["twoPs/"+same+"floor Go"])}
		rows = append(rows, rawRow, twoPs, twoPsOver)
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
