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
//	go run ./scripts/bench [-reps 7] [-size 268435456] [-conns 5000] [-runs 40]
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
	flag.Parse()
	if err := run(cfg); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		lab.Exit(1)
	}
}

type config struct {
	reps, conns, runs int
	size              int64
}
