// Command bench is make bench: the Go port measured against the tutorial's
// C (the C peers under scripts/bench/c/ that take the same options) and against
// the same programs written with Go's net package (scripts/netport/), in
// one run, the contenders alternating so that drift on the machine hits
// them alike. It prints one table: medians, with the spread (min-max)
// where there are several samples, and their ratio to C. The connection
// rate and the whole exchange run pinned (taskset, sched_setaffinity): the
// server and its client on the same CPU, then on two different CPUs.
// One file per measurement: bulk, connrate, exchange, syscalls,
// scheduling, memory (each _linux.go).
//
//	go run ./scripts/bench [-reps 7] [-size 268435456] [-conns 5000] [-runs 40] [-smoke]
//
// -smoke runs every part once at tiny sizes, in seconds, and prints the
// same tables, whose figures then mean nothing: what its test runs
// (bench_linux_test.go).
//
// Every transfer's bytes are checked (CRC-32C of the stream, and the
// load generator compares every reply): a wrong run fails the bench, a slow
// one never does. It needs Linux with two CPUs or more, cc, strace,
// hyperfine and taskset.
package main

import (
	"flag"
	"fmt"
	"os"

	"tcpsocket/scripts/lab"
)

func main() {
	lab.HandleInterrupts()
	cfg := config{}
	flag.IntVar(&cfg.reps, "reps", 7, "runs of each throughput and connection-rate row, per contender")
	flag.Int64Var(&cfg.size, "size", 256<<20, "`bytes` of each bulk transfer")
	flag.IntVar(&cfg.conns, "conns", 5000, "sequential `connections` of the connection-rate row")
	flag.IntVar(&cfg.runs, "runs", 40, "hyperfine runs of each whole exchange, per round (3 rounds)")
	flag.BoolVar(&cfg.smoke, "smoke", false, "every part once at tiny sizes, in seconds, instead of the other flags' (the figures mean nothing)")
	flag.Parse()
	cfg.fixed()
	if err := run(cfg); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		lab.Exit(1)
	}
}

type config struct {
	reps, conns, runs int
	size              int64
	smoke             bool

	// What no flag sets: hyperfine's warm-up runs of the whole exchange
	// (twice as many for the start-up), the bytes and the connections
	// that the scheduling rows count, and go test's flags for the read
	// loop's micro-benchmark.
	warmup, schedBytes, schedConns int
	benchFlags                     []string
}

// fixed sets what no flag sets; with -smoke, everything tiny.
func (cfg *config) fixed() {
	cfg.warmup, cfg.schedBytes, cfg.schedConns = 5, 16<<20, 2000
	cfg.benchFlags = []string{"-count", "6"}
	if cfg.smoke {
		cfg.reps, cfg.size, cfg.conns, cfg.runs = 1, 1<<20, 20, 2
		cfg.warmup, cfg.schedBytes, cfg.schedConns = 1, 1<<20, 20
		cfg.benchFlags = []string{"-count", "2", "-benchtime", "100x"}
	}
}
