package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"tcpsocket/scripts/internal/strace"
)

// A contender is one implementation of the server and the client.
type contender struct {
	name           string
	server, client string
}

// programs are everything the bench runs, built into one directory.
type programs struct {
	dir                       string
	contenders                []contender // C, Go port, Go net
	loadgen, exchange, maxrss string
	helloC, helloGo           string
	rawAccept                 string // the experiment of scripts/bench/rawaccept
	bulkSize                  int64
	bulkCRC                   uint32 // of the bulk transfer's bytes
}

const message = "Server Message"

func run(cfg config) error {
	p, err := build(cfg)
	if err != nil {
		return err
	}
	defer os.RemoveAll(p.dir)
	fmt.Printf("machine: %s, %d CPUs, %s; Go %s\n", cpuModel(), runtime.NumCPU(), kernel(), runtime.Version())
	fmt.Printf("settings: -reps %d -size %d -conns %d -runs %d\n\n", cfg.reps, cfg.size, cfg.conns, cfg.runs)

	var t table
	for _, buf := range []int{1023, 64 << 10} {
		row, err := p.bulk(cfg, buf)
		if err != nil {
			return err
		}
		t.add(row)
	}
	rows, err := p.connRate(cfg)
	if err != nil {
		return err
	}
	t.add(rows...)
	rows, err = p.exchanges(cfg)
	if err != nil {
		return err
	}
	t.add(rows...)
	rows, err = p.syscalls()
	if err != nil {
		return err
	}
	t.add(rows...)
	rows, err = p.scheduling()
	if err != nil {
		return err
	}
	t.add(rows...)
	rows, err = p.memory(cfg)
	if err != nil {
		return err
	}
	t.add(rows...)
	t.print(os.Stdout, p.contenders)
	return microBenchmarks()
}

// benchstat is pinned, and run with go run, so that it is no dependency of
// the module.
const benchstat = "golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da"

// microBenchmarks runs the client's read loop in process (BenchmarkReadLoop
// in client/stdout_bench_test.go) six times at each stdout buffer size, and
// compares the two with benchstat.
func microBenchmarks() error {
	fmt.Fprintln(os.Stderr, "bench: BenchmarkReadLoop, benchstat")
	out, err := exec.Command("go", "test", "-run", "^$", "-bench", "^BenchmarkReadLoop$", "-count", "6", "./client").CombinedOutput()
	if err != nil {
		return fmt.Errorf("go test -bench: %v\n%s", err, out)
	}
	results := filepath.Join(os.TempDir(), fmt.Sprintf("readloop-%d.txt", os.Getpid()))
	defer os.Remove(results)
	if err := os.WriteFile(results, out, 0o644); err != nil {
		return err
	}
	stat, err := exec.Command("go", "run", benchstat, "-col", "/stdout", results).CombinedOutput()
	if err != nil {
		return fmt.Errorf("benchstat: %v\n%s", err, stat)
	}
	fmt.Printf("\nThe client's read loop in process, 1023-byte reads from a socketpair to a pipe, stdout buffered\n"+
		"as C's stdio does for a pipe (4 KiB) and as the port does (64 KiB); go test -bench, benchstat:\n\n%s", stat)
	return nil
}

// build compiles the contenders and the tools into a temporary directory.
func build(cfg config) (*programs, error) {
	for _, tool := range []string{"cc", "strace", "hyperfine"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, fmt.Errorf("%s is not installed (Debian: apt-get install gcc strace hyperfine)", tool)
		}
	}
	dir, err := os.MkdirTemp("", "bench-")
	if err != nil {
		return nil, err
	}
	p := &programs{dir: dir, bulkSize: cfg.size}
	bin := func(name string) string { return filepath.Join(dir, name) }
	for _, c := range []string{"bench_server", "bench_client", "loadgen", "exchange", "hello", "maxrss"} {
		src := filepath.Join("scripts", "c", c+".c")
		if c == "maxrss" && exec.Command("cc", "-O2", "-static", "-o", bin(c), src).Run() == nil {
			continue // static: the least memory left behind in its child
		}
		out, err := exec.Command("cc", "-Wall", "-Wextra", "-O2", "-o", bin(c), src).CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("cc %s: %v\n%s", c, err, out)
		}
	}
	for name, pkg := range map[string]string{
		"server": "./server", "client": "./client",
		"net-server": "./scripts/netport/server", "net-client": "./scripts/netport/client",
		"hello-go": "./scripts/bench/hello", "rawaccept": "./scripts/bench/rawaccept",
	} {
		out, err := exec.Command("go", "build", "-o", bin(name), pkg).CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
		}
	}
	p.contenders = []contender{
		{"C", bin("bench_server"), bin("bench_client")},
		{"Go port", bin("server"), bin("client")},
		{"Go net", bin("net-server"), bin("net-client")},
	}
	p.loadgen, p.exchange, p.maxrss = bin("loadgen"), bin("exchange"), bin("maxrss")
	p.helloC, p.helloGo, p.rawAccept = bin("hello"), bin("hello-go"), bin("rawaccept")
	p.bulkCRC = payloadCRC(message, cfg.size)
	return p, nil
}

// payloadCRC is the CRC-32C of size bytes of msg repeated.
func payloadCRC(msg string, size int64) uint32 {
	block := []byte(strings.Repeat(msg, (64<<10)/len(msg)+1))
	block = block[:len(block)/len(msg)*len(msg)]
	var crc uint32
	for size > 0 {
		n := min(size, int64(len(block)))
		crc = crc32.Update(crc, castagnoli, block[:n])
		size -= n
	}
	return crc
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// rotations yields the contenders in a different order for each repetition,
// so that no contender always runs first, or right after another.
func rotations[T any](items []T, reps int) [][]T {
	var out [][]T
	for r := range reps {
		order := make([]T, 0, len(items))
		for i := range items {
			order = append(order, items[(i+r)%len(items)])
		}
		out = append(out, order)
	}
	return out
}

// server is a started server and the port it reported.
type server struct {
	cmd  *exec.Cmd
	port string
}

var listening = regexp.MustCompile(`^server: listening on \S+:([0-9]+)$`)

// startServer starts the command line argv with -port 0 after it, and
// waits for the server's "listening on" line.
func startServer(argv ...string) (*server, error) {
	bin := argv[0]
	cmd := exec.Command(bin, append(argv[1:], "-port", "0")...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(stderr).ReadString('\n')
	m := listening.FindStringSubmatch(strings.TrimSpace(line))
	if err != nil || m == nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("%s did not report its port: %q, %v", bin, line, err)
	}
	go io.Copy(io.Discard, stderr)
	return &server{cmd: cmd, port: m[1]}, nil
}

// wait waits for the server, at most a minute, and checks it exited 0.
func (s *server) wait() (*syscall.Rusage, error) {
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			return nil, fmt.Errorf("%s: %v", s.cmd.Path, err)
		}
		return s.cmd.ProcessState.SysUsage().(*syscall.Rusage), nil
	case <-time.After(time.Minute):
		s.cmd.Process.Kill()
		<-done
		return nil, fmt.Errorf("%s did not end within a minute", s.cmd.Path)
	}
}

// transfer is one bulk transfer's outcome.
type transfer struct {
	seconds            float64
	serverKB, clientKB int64 // peak memory, when measured
}

// transferOnce streams p.bulkSize bytes from c's server to c's client, whose
// standard output is a pipe that this process reads and checksums: the
// "> /dev/null through cat" of the row, with a check. With measure, both
// run under maxrss, which reports their peak memory.
func (p *programs) transferOnce(c contender, buf int, measure bool) (transfer, error) {
	serverArgv := []string{c.server, "-size", strconv.FormatInt(p.bulkSize, 10)}
	clientArgv := []string{c.client, "-buf", strconv.Itoa(buf)}
	serverKB, clientKB := filepath.Join(p.dir, "rss.server"), filepath.Join(p.dir, "rss.client")
	if measure {
		serverArgv = append([]string{p.maxrss, serverKB}, serverArgv...)
		clientArgv = append([]string{p.maxrss, clientKB}, clientArgv...)
	}
	srv, err := startServer(serverArgv...)
	if err != nil {
		return transfer{}, err
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return transfer{}, err
	}
	cl := exec.Command(clientArgv[0], append(clientArgv[1:], "-port", srv.port)...)
	cl.Stdout = pw
	start := time.Now()
	if err := cl.Start(); err != nil {
		return transfer{}, err
	}
	pw.Close()
	h := crc32.New(castagnoli)
	n, copyErr := io.CopyBuffer(h, pr, make([]byte, 64<<10))
	pr.Close()
	if err := cl.Wait(); err != nil {
		return transfer{}, fmt.Errorf("%s client: %v", c.name, err)
	}
	elapsed := time.Since(start).Seconds()
	if _, err := srv.wait(); err != nil {
		return transfer{}, err
	}
	if copyErr != nil || n != p.bulkSize || h.Sum32() != p.bulkCRC {
		return transfer{}, fmt.Errorf("%s at -buf %d: %d bytes, CRC %08x; want %d bytes, CRC %08x (%v)",
			c.name, buf, n, h.Sum32(), p.bulkSize, p.bulkCRC, copyErr)
	}
	t := transfer{seconds: elapsed}
	if measure {
		if t.serverKB, err = readKB(serverKB); err != nil {
			return t, err
		}
		if t.clientKB, err = readKB(clientKB); err != nil {
			return t, err
		}
	}
	return t, nil
}

func readKB(file string) (int64, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(strings.TrimSpace(string(raw)), 10, 64)
}

// bulk is the throughput row for one read size.
func (p *programs) bulk(cfg config, buf int) (row, error) {
	r := newRow(fmt.Sprintf("bulk %d MiB, %d-byte reads (MB/s)", cfg.size>>20, buf), higherIsBetter)
	fmt.Fprintf(os.Stderr, "bench: %s", r.name)
	for _, order := range rotations(p.contenders, cfg.reps) {
		for _, c := range order {
			t, err := p.transferOnce(c, buf, false)
			if err != nil {
				return r, err
			}
			r.samples[c.name] = append(r.samples[c.name], float64(cfg.size)/t.seconds/1e6)
		}
		fmt.Fprint(os.Stderr, ".")
	}
	fmt.Fprintln(os.Stderr)
	return r, nil
}

// connRate is the connection-rate row: one server serving cfg.conns
// connections, one after another, to the load generator. The experiment
// rawaccept runs in the same rotation, for a row of its own.
func (p *programs) connRate(cfg config) ([]row, error) {
	r := newRow(fmt.Sprintf("connections/s, %d sequential", cfg.conns), higherIsBetter)
	raw := newRow("  the same, Go port's loop with a raw accept4 (experiment)", higherIsBetter)
	fmt.Fprintf(os.Stderr, "bench: %s", r.name)
	servers := append(slices.Clone(p.contenders), contender{name: "raw", server: p.rawAccept})
	for _, order := range rotations(servers, cfg.reps) {
		for _, c := range order {
			srv, err := startServer(c.server, "-n", strconv.Itoa(cfg.conns))
			if err != nil {
				return nil, err
			}
			out, err := exec.Command(p.loadgen, "-port", srv.port, "-n", strconv.Itoa(cfg.conns)).Output()
			if err != nil {
				srv.cmd.Process.Kill()
				return nil, fmt.Errorf("loadgen against %s: %v", c.name, err)
			}
			if _, err := srv.wait(); err != nil {
				return nil, err
			}
			secs, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
			if err != nil {
				return nil, fmt.Errorf("loadgen printed %q", out)
			}
			if c.name == "raw" {
				raw.samples["Go port"] = append(raw.samples["Go port"], float64(cfg.conns)/secs)
			} else {
				r.samples[c.name] = append(r.samples[c.name], float64(cfg.conns)/secs)
			}
		}
		fmt.Fprint(os.Stderr, ".")
	}
	fmt.Fprintln(os.Stderr)
	raw.samples["C"] = r.samples["C"]
	return []row{r, raw}, nil
}

// exchanges times one whole exchange as processes with hyperfine (the
// harness scripts/c/exchange.c starts the server, reads its port, runs
// the client, checks its output, waits for both), and the same harness
// around hello-world programs: the floor of two processes of each language.
// Three rounds, the commands in a different order in each.
func (p *programs) exchanges(cfg config) ([]row, error) {
	type cmd struct{ key, line string }
	var cmds []cmd
	for _, c := range p.contenders {
		cmds = append(cmds, cmd{c.name, p.exchange + " " + c.server + " " + c.client})
	}
	cmds = append(cmds,
		cmd{"floor C", p.exchange + " " + p.helloC + " " + p.helloC},
		cmd{"floor Go", p.exchange + " " + p.helloGo + " " + p.helloGo})
	times := map[string][]float64{}
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
		var res struct {
			Results []struct {
				Command string    `json:"command"`
				Times   []float64 `json:"times"`
			} `json:"results"`
		}
		raw, err := os.ReadFile(out)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(raw, &res); err != nil {
			return nil, err
		}
		for _, r := range res.Results {
			for _, c := range cmds {
				if c.line == r.Command {
					times[c.key] = append(times[c.key], r.Times...)
				}
			}
		}
		fmt.Fprint(os.Stderr, ".")
	}
	fmt.Fprintln(os.Stderr)
	ms := func(key string) []float64 {
		var out []float64
		for _, s := range times[key] {
			out = append(out, s*1000)
		}
		return out
	}
	exchange := newRow("whole exchange, 2 processes (ms)", lowerIsBetter)
	for _, c := range p.contenders {
		exchange.samples[c.name] = ms(c.name)
	}
	floor := newRow("hello-world floor, 2 processes (ms)", lowerIsBetter)
	floor.samples["C"] = ms("floor C")
	floor.samples["Go port"] = ms("floor Go")
	floor.samples["Go net"] = ms("floor Go")
	over := newRow("exchange over its language's floor", lowerIsBetter)
	over.format = "%.3f"
	for _, c := range p.contenders {
		over.samples[c.name] = []float64{median(exchange.samples[c.name]) / median(floor.samples[c.name])}
	}
	return []row{exchange, floor, over}, nil
}

// syscalls counts each process's system calls in one exchange: all of
// them with strace -c -f, and those on its TCP sockets with strace -f -yy.
func (p *programs) syscalls() ([]row, error) {
	fmt.Fprintln(os.Stderr, "bench: system calls (strace)")
	rows := []row{
		newRow("syscalls, server: total", lowerIsBetter),
		newRow("syscalls, server: on the TCP sockets", lowerIsBetter),
		newRow("syscalls, client: total", lowerIsBetter),
		newRow("syscalls, client: on the TCP sockets", lowerIsBetter),
	}
	for _, c := range p.contenders {
		for _, mode := range []string{"-c", "-yy"} {
			trace := filepath.Join(p.dir, "strace-"+strings.ReplaceAll(c.name, " ", "")+mode)
			srv, err := startServer("strace", "-f", mode, "-o", trace+".server", "--", c.server)
			if err != nil {
				return nil, err
			}
			if out, err := exec.Command("strace", "-f", mode, "-o", trace+".client", "--", c.client, "-port", srv.port).Output(); err != nil || string(out) != message {
				return nil, fmt.Errorf("%s client under strace: %q, %v", c.name, out, err)
			}
			if _, err := srv.wait(); err != nil {
				return nil, err
			}
			for i, side := range []string{"server", "client"} {
				raw, err := os.ReadFile(trace + "." + side)
				if err != nil {
					return nil, err
				}
				n, err := countCalls(string(raw), mode)
				if err != nil {
					return nil, fmt.Errorf("%s %s: %v", c.name, side, err)
				}
				k := 2 * i
				if mode == "-yy" {
					k++
				}
				rows[k].samples[c.name] = []float64{float64(n)}
			}
		}
	}
	for i := range rows {
		rows[i].format = "%.0f"
	}
	return rows, nil
}

// scheduling counts, with strace -c -f, the system calls of a client in a
// 16 MiB transfer at 1023-byte reads and of a server serving 2000
// connections: all of them, and the futex and nanosleep calls with which
// Go's runtime parks and wakes its threads around blocking system calls
// (C makes none).
func (p *programs) scheduling() ([]row, error) {
	fmt.Fprintln(os.Stderr, "bench: runtime scheduling calls (strace -c)")
	rows := []row{
		newRow("syscalls, client, 16 MiB at 1023-byte reads: total", lowerIsBetter),
		newRow("  of which futex and nanosleep", lowerIsBetter),
		newRow("syscalls, server, 2000 connections: total", lowerIsBetter),
		newRow("  of which futex and nanosleep", lowerIsBetter),
	}
	for _, c := range p.contenders {
		trace := filepath.Join(p.dir, "sched-"+strings.ReplaceAll(c.name, " ", ""))
		// The client, traced, against an untraced server.
		srv, err := startServer(c.server, "-size", strconv.Itoa(16<<20))
		if err != nil {
			return nil, err
		}
		cl := exec.Command("strace", "-f", "-c", "-o", trace+".client", "--", c.client, "-buf", "1023", "-port", srv.port)
		if err := cl.Run(); err != nil {
			return nil, fmt.Errorf("%s client under strace: %v", c.name, err)
		}
		if _, err := srv.wait(); err != nil {
			return nil, err
		}
		// The server, traced, against the load generator.
		srv, err = startServer("strace", "-f", "-c", "-o", trace+".server", "--", c.server, "-n", "2000")
		if err != nil {
			return nil, err
		}
		if out, err := exec.Command(p.loadgen, "-port", srv.port, "-n", "2000").CombinedOutput(); err != nil {
			return nil, fmt.Errorf("loadgen against %s under strace: %v: %s", c.name, err, out)
		}
		if _, err := srv.wait(); err != nil {
			return nil, err
		}
		for i, side := range []string{"client", "server"} {
			raw, err := os.ReadFile(trace + "." + side)
			if err != nil {
				return nil, err
			}
			counts := straceCounts(string(raw))
			rows[2*i].samples[c.name] = []float64{float64(counts["total"])}
			rows[2*i+1].samples[c.name] = []float64{float64(counts["futex"] + counts["nanosleep"])}
		}
	}
	for i := range rows {
		rows[i].format = "%.0f"
	}
	return rows, nil
}

var straceCountLine = regexp.MustCompile(`(?m)^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)$`)

// straceCounts reads strace -c's table: calls by system call, and "total".
func straceCounts(raw string) map[string]int {
	counts := map[string]int{}
	for _, m := range straceCountLine.FindAllStringSubmatch(raw, -1) {
		n, _ := strconv.Atoi(m[1])
		counts[m[2]] += n
	}
	return counts
}

var straceTotal = regexp.MustCompile(`(?m)^100\.00\s+\S+\s+\S+\s+(\d+)\s+(?:\d+\s+)?total$`)

// countCalls reads strace -c's total, or counts the calls on TCP sockets in
// a -yy trace (a call split by another thread counted once; a call the
// kernel restarted after a signal counted once).
func countCalls(raw, mode string) (int, error) {
	if mode == "-c" {
		m := straceTotal.FindStringSubmatch(raw)
		if m == nil {
			return 0, errors.New("no total line in strace -c output")
		}
		return strconv.Atoi(m[1])
	}
	lines, err := strace.Lines(raw)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, line := range lines {
		if strings.Contains(line.Text, "<TCP") && !strings.Contains(line.Text, "= ? ERESTART") {
			n++
		}
	}
	return n, nil
}

// memory reports each process's peak resident set (ru_maxrss, through
// scripts/c/maxrss.c) in a bulk transfer at 64 KiB reads and in the
// exchange.
func (p *programs) memory(cfg config) ([]row, error) {
	fmt.Fprintln(os.Stderr, "bench: peak memory")
	rows := []row{
		newRow("peak RSS, server, exchange (KiB)", lowerIsBetter),
		newRow("peak RSS, client, exchange (KiB)", lowerIsBetter),
		newRow(fmt.Sprintf("peak RSS, server, bulk %d MiB (KiB)", cfg.size>>20), lowerIsBetter),
		newRow(fmt.Sprintf("peak RSS, client, bulk %d MiB (KiB)", cfg.size>>20), lowerIsBetter),
	}
	serverKB, clientKB := filepath.Join(p.dir, "rss.server"), filepath.Join(p.dir, "rss.client")
	for _, c := range p.contenders {
		srv, err := startServer(p.maxrss, serverKB, c.server)
		if err != nil {
			return nil, err
		}
		if out, err := exec.Command(p.maxrss, clientKB, c.client, "-port", srv.port).Output(); err != nil || string(out) != message {
			return nil, fmt.Errorf("%s client: %q, %v", c.name, out, err)
		}
		if _, err := srv.wait(); err != nil {
			return nil, err
		}
		for i, file := range []string{serverKB, clientKB} {
			kb, err := readKB(file)
			if err != nil {
				return nil, err
			}
			rows[i].samples[c.name] = []float64{float64(kb)}
		}
		t, err := p.transferOnce(c, 64<<10, true)
		if err != nil {
			return nil, err
		}
		rows[2].samples[c.name] = []float64{float64(t.serverKB)}
		rows[3].samples[c.name] = []float64{float64(t.clientKB)}
	}
	for i := range rows {
		rows[i].format = "%.0f"
	}
	return rows, nil
}

func cpuModel() string {
	raw, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(raw), "\n") {
		if name, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
		}
	}
	return runtime.GOARCH
}

func kernel() string {
	var u syscall.Utsname
	if syscall.Uname(&u) != nil {
		return "Linux"
	}
	b := make([]byte, 0, len(u.Release))
	for _, c := range u.Release {
		if c == 0 {
			break
		}
		b = append(b, byte(c))
	}
	return "Linux " + string(b)
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
