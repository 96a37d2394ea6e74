package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"tcpsocket/scripts/lab"
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
}

const message = "Server Message"

// build compiles the contenders and the tools into a temporary directory.
func build() (*programs, error) {
	for _, tool := range []string{"cc", "strace", "hyperfine", "taskset"} {
		if _, err := lab.Tool(tool); err != nil {
			return nil, err
		}
	}
	if runtime.NumCPU() < 2 {
		return nil, fmt.Errorf("the bench pins processes to two different CPUs; this machine has %d", runtime.NumCPU())
	}
	dir, err := lab.TempDir("bench")
	if err != nil {
		return nil, err
	}
	p := &programs{dir: dir}
	bin := func(name string) string { return filepath.Join(dir, name) }
	for _, c := range []string{"bench_server", "bench_client", "loadgen", "exchange", "hello", "maxrss"} {
		src := filepath.Join("scripts", "bench", "c", c+".c")
		if c == "maxrss" && exec.Command("cc", "-O2", "-static", "-o", bin(c), src).Run() == nil {
			continue // static: the least memory left behind in its child
		}
		if err := lab.CompileC(src, bin(c), 0); err != nil {
			lab.RemoveTempDir(dir)
			return nil, err
		}
	}
	// The Go programs in directories of their own: each is named after
	// its package, but the grown-up pair (grownup-server, grownup-client),
	// and the net port's are server and client too. The Go port is the
	// grown-up pair: the tutorial's server serves one connection and
	// takes no flag, where the bench needs -n, -size and -port 0.
	goDir, netDir := filepath.Join(dir, "go"), filepath.Join(dir, "net")
	for d, pkgs := range map[string][]string{
		goDir:  {lab.GrownUpServer, lab.GrownUpClient, "tcpsocket/scripts/bench/hello", "tcpsocket/scripts/bench/rawaccept"},
		netDir: {"tcpsocket/scripts/netport/server", "tcpsocket/scripts/netport/client"},
	} {
		if err := lab.BuildGo(d, pkgs...); err != nil {
			lab.RemoveTempDir(dir)
			return nil, err
		}
	}
	goBin := func(name string) string { return filepath.Join(goDir, name) }
	p.contenders = []contender{
		{"C", bin("bench_server"), bin("bench_client")},
		{"Go port", goBin("grownup-server"), goBin("grownup-client")},
		{"Go net", filepath.Join(netDir, "server"), filepath.Join(netDir, "client")},
	}
	p.loadgen, p.exchange, p.maxrss = bin("loadgen"), bin("exchange"), bin("maxrss")
	p.helloC, p.helloGo, p.rawAccept = bin("hello"), goBin("hello"), goBin("rawaccept")
	return p, nil
}

// rotations yields the items in a different order for each repetition,
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

// A placement is where the server and its client run: pinned to one CPU
// together, or to two different CPUs (taskset(1), sched_setaffinity(2)).
// On a machine with few CPUs, a wake-up across CPUs costs tens of
// microseconds and would swamp a connection's cost if the scheduler chose.
type placement struct {
	name                 string
	serverCPU, clientCPU string
}

var placements = []placement{{"same CPU", "0", "0"}, {"two CPUs", "0", "1"}}

// pinned returns argv run by taskset on cpu.
func pinned(cpu string, argv ...string) []string {
	return append([]string{"taskset", "-c", cpu}, argv...)
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
