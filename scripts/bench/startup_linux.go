package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	"tcpsocket/scripts/lab"
)

// startUp times one process alone, pinned to CPU 0 (hyperfine under
// taskset: the processes it starts inherit the CPU): each contender's
// client connecting to a port where nothing listens (socket, a refused
// connect, the error message, exit 1), and each language's hello world.
// What the refused client costs over its floor is its start-up and one
// failed connect, with no wait on a peer: the part of the whole exchange's
// cost that is not the blocking calls. Three rounds, in rotating order.
func (p *programs) startUp(cfg config) ([]row, error) {
	port, err := lab.UnboundPort(lab.Loopback4)
	if err != nil {
		return nil, err
	}
	type command struct{ key, line string }
	cmds := []command{{"floor C", p.helloC}, {"floor Go", p.helloGo}}
	for _, c := range p.contenders {
		cmds = append(cmds, command{c.name, c.client + " -port " + strconv.Itoa(port)})
	}
	times := map[string][]float64{}
	fmt.Fprint(os.Stderr, "bench: one process, start-up (hyperfine)")
	for round, order := range rotations(cmds, 3) {
		out := filepath.Join(p.dir, fmt.Sprintf("startup-%d.json", round))
		args := []string{"-c", "0", "hyperfine", "-N", "-i", "--warmup", strconv.Itoa(2 * cfg.warmup), "--runs", strconv.Itoa(2 * cfg.runs), "--style", "none", "--export-json", out}
		for _, c := range order {
			args = append(args, c.line)
		}
		if msg, err := exec.Command("taskset", args...).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("taskset -c 0 hyperfine, the start-up's round %d: %w\n%s", round+1, err, msg)
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

	refused := newRow("one process: the client, refused, CPU 0 (ms)", lowerIsBetter)
	refused.format = "%.3f"
	floor := newRow("hello-world floor, one process, CPU 0 (ms)", lowerIsBetter)
	floor.format = "%.3f"
	over := newRow("refused client over its language's floor, CPU 0", lowerIsBetter)
	over.format = "%.3f"
	for _, c := range p.contenders {
		lang := "floor Go"
		if c.name == "C" {
			lang = "floor C"
		}
		refused.samples[c.name] = times[c.name]
		floor.samples[c.name] = times[lang]
		over.samples[c.name] = []float64{median(refused.samples[c.name]) / median(floor.samples[c.name])}
	}
	return []row{refused, floor, over}, nil
}
