package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"

	"tcpsocket/scripts/lab"
)

// run builds everything, runs each measurement (one file each: bulk,
// connrate, exchange, startup, syscalls, scheduling, memory), and prints the table
// and the read loop's micro-benchmark.
func run(cfg config) error {
	p, err := build()
	if err != nil {
		return err
	}
	defer os.RemoveAll(p.dir)
	fmt.Printf("machine: %s, %d CPUs, %s; Go %s\n", cpuModel(), runtime.NumCPU(), kernel(), runtime.Version())
	smoke := ""
	if cfg.smoke {
		smoke = " (-smoke: the figures mean nothing)"
	}
	fmt.Printf("settings: -reps %d -size %d -conns %d -runs %d%s\n\n", cfg.reps, cfg.size, cfg.conns, cfg.runs, smoke)

	var t table
	for _, measure := range []func(config) ([]row, error){p.bulk, p.connRate, p.exchanges, p.startUp, p.syscalls, p.scheduling, p.memory} {
		rows, err := measure(cfg)
		if err != nil {
			return err
		}
		t.add(rows...)
	}
	t.print(os.Stdout, p.contenders)
	return microBenchmarks(cfg.benchFlags)
}

// startServer starts a server (argv, with -port 0 after it) and returns
// it once it reports its port; a failed start leaves nothing running.
func startServer(argv ...string) (*lab.Server, error) {
	return lab.New(2*lab.Timeout, append(argv, "-port", "0")...).StartServer()
}

// finish waits for a server the bench is done with and checks that it
// exited 0.
func finish(srv *lab.Server) error {
	r, err := srv.Wait()
	if err == nil && r.Code != 0 {
		err = fmt.Errorf("%s: %v", srv.Cmd.Path, r)
	}
	return err
}

// benchstat is pinned, and run with go run, so that it is no dependency of
// the module.
const benchstat = "golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da"

// microBenchmarks runs the client's read loop in process (BenchmarkReadLoop
// in scripts/grownup/client/stdout_bench_test.go) six times at each stdout
// buffer size (go test's flags: -count 6), and compares the two with
// benchstat.
func microBenchmarks(flags []string) error {
	fmt.Fprintln(os.Stderr, "bench: BenchmarkReadLoop, benchstat")
	args := append([]string{"test", "-run", "^$", "-bench", "^BenchmarkReadLoop$"}, flags...)
	out, err := exec.Command("go", append(args, "./scripts/grownup/client")...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("go test -bench BenchmarkReadLoop: %w\n%s", err, out)
	}
	results := filepath.Join(os.TempDir(), fmt.Sprintf("readloop-%d.txt", os.Getpid()))
	defer os.Remove(results)
	if err := os.WriteFile(results, out, 0o644); err != nil {
		return err
	}
	stat, err := exec.Command("go", "run", benchstat, "-col", "/stdout", results).CombinedOutput()
	if err != nil {
		return fmt.Errorf("go run benchstat, BenchmarkReadLoop's table: %w\n%s", err, stat)
	}
	fmt.Printf("\nThe client's read loop in process, 1023-byte reads from a socketpair to a pipe, stdout buffered\n"+
		"as C's stdio does for a pipe (4 KiB) and as the port does (64 KiB); go test -bench, benchstat:\n\n%s", stat)
	return nil
}
