package main

import (
	"math"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"tcpsocket/scripts/internal/strace"
	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

func TestMain(m *testing.M) { sockettest.Main(m) }

// make bench -smoke: the built bench, run as make bench runs it (from the
// repository's root), goes through every part once at tiny sizes, in
// seconds, and prints the table, a row for each part's measurement with a
// number in every cell and a number for every ratio to the C, and the
// read loop's benchstat table. It times nothing: the figures of a run
// this short, beside other tests, mean nothing; a part that fails, or
// that leaves its row empty, fails it.
func TestBenchSmoke(t *testing.T) {
	sockettest.Slow(t, "make bench -smoke, every part of the bench once")
	if lab.Emulator != "" {
		t.Skip("the bench measures this machine's programs, and runs go test -bench for it: make test runs it natively")
	}
	if runtime.NumCPU() < 2 {
		t.Skipf("the bench pins processes to two different CPUs; this machine has %d", runtime.NumCPU())
	}
	for _, tool := range []string{"cc", "strace", "hyperfine", "taskset"} {
		sockettest.RequireTool(t, tool)
	}
	if err := strace.Check(); err != nil {
		sockettest.Missing(t, err.Error())
	}
	dir := t.TempDir()
	if err := lab.BuildGo(dir, "tcpsocket/scripts/bench"); err != nil {
		t.Fatal(err)
	}
	// It takes about 10 s alone; three times a process's bound, for a
	// machine that the other packages' tests keep busy (go test -race ./...).
	p := lab.New(3*lab.Timeout, filepath.Join(dir, "bench"), "-smoke")
	p.Cmd.Dir = sockettest.RepoRoot(t)
	r, err := p.Run()
	if err != nil {
		t.Fatalf("bench -smoke: %v (%v)", err, r)
	}
	sockettest.NoPanic(t, r)
	if r.Code != 0 {
		t.Fatalf("bench -smoke: %v", r)
	}

	// Each part says so on standard error as it starts.
	for _, part := range []string{"bulk", "connections/s", "whole exchange (hyperfine)", "one process, start-up (hyperfine)",
		"system calls (strace)", "runtime scheduling calls (strace -c)", "peak memory", "BenchmarkReadLoop, benchstat"} {
		if !strings.Contains(r.Stderr, "bench: "+part) {
			t.Errorf("no part %q on standard error", part)
		}
	}

	// The table: its header, then a row for each measurement.
	var rows [][]string
	for _, line := range strings.Split(r.Stdout, "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		rows = append(rows, cells)
	}
	header := []string{"", "better", "C", "Go port", "Go port / C", "Go net", "Go net / C"}
	if len(rows) < 3 || strings.Join(rows[0], "|") != strings.Join(header, "|") {
		t.Fatalf("no table with the header %q:\n%s", header, r.Stdout)
	}
	byName := map[string][]string{}
	for _, cells := range rows[2:] { // after the header and its rule
		if len(cells) != len(header) {
			t.Errorf("a row of %d cells, not %d: %q", len(cells), len(header), cells)
			continue
		}
		byName[cells[0]] = cells
		checkRow(t, cells)
	}
	// A row of each part's, with -smoke's sizes.
	for _, name := range []string{
		"bulk 1 MiB, 1023-byte reads (MB/s)",
		"bulk 1 MiB, 65536-byte reads (MB/s)",
		"connections/s, 20 sequential, same CPU",
		"CPU time a connection, server and load generator, two CPUs (µs)",
		"the same, Go port's loop with a raw accept4 (experiment)",
		"whole exchange, 2 processes, two CPUs (ms) [n=6]",
		"exchange over its floor, same CPU, both with GOMAXPROCS=2 (experiment)",
		"one process: the client, refused, CPU 0 (ms) [n=12]",
		"refused client over its language's floor, CPU 0",
		"syscalls, server: on the TCP sockets",
		"syscalls, client, 1 MiB at 1023-byte reads: total",
		"syscalls, server, 20 connections: total",
		"context switches a connection, server, all threads, same CPU [n=3]",
		"peak RSS, client, bulk 1 MiB (KiB)",
	} {
		if byName[name] == nil {
			t.Errorf("the table has no row %q", name)
		}
	}

	// The read loop's micro-benchmark, compared by benchstat.
	for _, want := range []string{"The client's read loop in process", "ReadLoop-", "sec/op", "4KiB", "64KiB"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("no benchstat table (%q) after the bench's table", want)
		}
	}
	if t.Failed() {
		t.Logf("bench -smoke printed:\n%s\nand on standard error:\n%s", r.Stdout, r.Stderr)
	}
}

// checkRow checks a row of the table: each contender's cell is a number,
// its median, with its spread "(min-max)" where there are several samples,
// or empty for both of Go net's cells (the experiments are the port's
// alone); each ratio to the C is a number, but where the C makes none of
// what is counted (futex and nanosleep): "-".
func checkRow(t *testing.T, cells []string) {
	t.Helper()
	name := cells[0]
	if cells[1] != "higher" && cells[1] != "lower" {
		t.Errorf("%s: better %q", name, cells[1])
	}
	for _, i := range []int{2, 3, 5} {
		if i == 5 && cells[5] == "" && cells[6] == "" {
			continue
		}
		median, spread, _ := strings.Cut(cells[i], " ")
		if !isNumber(median) {
			t.Errorf("%s: the %s cell %q is not a number", name, []string{2: "C", 3: "Go port", 5: "Go net"}[i], cells[i])
		}
		if spread != "" {
			lo, hi, ok := strings.Cut(strings.Trim(spread, "()"), "-")
			if !ok || !isNumber(lo) || !isNumber(hi) {
				t.Errorf("%s: the spread %q is not (min-max)", name, spread)
			}
		}
	}
	for _, i := range []int{4, 6} {
		if i == 6 && cells[6] == "" && cells[5] == "" {
			continue
		}
		if cells[i] == "-" && cells[2] == "0" && name == "of which futex and nanosleep" {
			continue
		}
		if !isNumber(cells[i]) {
			t.Errorf("%s: the ratio %q is not a number", name, cells[i])
		}
	}
}

// isNumber reports whether s is a finite decimal number.
func isNumber(s string) bool {
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
}
