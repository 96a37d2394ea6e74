package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/internal/strace"
	"tcpsocket/scripts/lab"
)

// compareAll traces every scenario, C and Go, and compares them.
func compareAll(p lab.Programs) ([]comparison, error) {
	var out []comparison
	err := run(p, []string{"C", "Go"}, func(r *runner) []func() ([]scenario, error) {
		return []func() ([]scenario, error){r.exchange, r.bindInUse, r.connectRefused, r.exchangeIPv6, r.serveUntilStopped}
	}, func(s scenario) {
		out = append(out, compare(s.title, s.traces[0], s.traces[1]))
	})
	return out, err
}

// A scenario is one program's traces, one for each language's pair.
type scenario struct {
	title  string
	traces []strace.Trace
}

// run runs the scenarios that pick chooses, each for every language of
// langs, and hands each result to got.
func run(p lab.Programs, langs []string, pick func(*runner) []func() ([]scenario, error), got func(scenario)) error {
	if err := strace.Check(); err != nil {
		return err
	}
	tmp, err := lab.TempDir("compare")
	if err != nil {
		return err
	}
	defer lab.RemoveTempDir(tmp)
	r := &runner{Programs: p, dir: tmp, langs: langs}
	defer func() {
		for _, p := range r.started {
			p.Stop() // whatever a failed scenario left running
		}
	}()
	if slices.Contains(langs, "net") {
		// The same programs written with Go's net package (scripts/netport).
		r.net = lab.Programs{Server: filepath.Join(tmp, "server"), Client: filepath.Join(tmp, "client")}
		if err := lab.BuildGo(tmp, "tcpsocket/scripts/netport/server", "tcpsocket/scripts/netport/client"); err != nil {
			return err
		}
	}
	for _, scenarios := range pick(r) {
		ss, err := scenarios()
		if err != nil {
			return err
		}
		for _, s := range ss {
			got(s)
		}
	}
	return nil
}

func compare(title string, c, g strace.Trace) comparison {
	return comparison{Title: title, C: c, Go: g, Rows: align(c.Calls, g.Calls)}
}

type runner struct {
	lab.Programs
	net     lab.Programs // the same programs written with Go's net package (make compare-net)
	langs   []string     // the pairs each scenario runs: C and Go, and net for make compare-net
	dir     string
	n       int            // traces so far, to name their files
	started []*lab.Process // stopped on every path, by run when it returns
}

// The tutorial's exchange, once by the C pair and once by the Go pair, each
// on a port of its own: the first pair's port is left in TIME_WAIT.
func (r *runner) exchange() ([]scenario, error) {
	return r.exchangeOver(lab.Loopback4, "exchange")
}

// The same with the grown-up Go pair over IPv6 (-ip ::1; the tutorial's
// programs are IPv4 only), against the tutorial's IPv4 C pair: the calls
// differ only in their address family. Where the machine has no IPv6
// loopback, there is nothing to compare.
func (r *runner) exchangeIPv6() ([]scenario, error) {
	if err := lab.HasIPv6(); err != nil {
		fmt.Fprintf(os.Stderr, "compare: %v: the IPv6 exchange is not compared\n", err)
		return nil, nil
	}
	return r.exchangeOver(lab.Loopback6, "exchange, the grown-up Go pair over IPv6")
}

func (r *runner) exchangeOver(goIP, title string) ([]scenario, error) {
	server, client := scenario{title: title + ", server"}, scenario{title: title + ", client"}
	for _, lang := range r.langs {
		ip := lab.Loopback4
		if lang == "Go" {
			ip = goIP
		}
		s, c, err := r.tracedExchange(lang, ip, ip != lab.Loopback4, nil)
		if err != nil {
			return nil, err
		}
		server.traces, client.traces = append(server.traces, s), append(client.traces, c)
	}
	return []scenario{server, client}, nil
}

// The grown-up Go server with -n 0, which serves until SIGINT or SIGTERM,
// against the tutorial's C server: one client, then SIGTERM. It shows what
// the stops add (scripts/grownup/server/stop.go).
func (r *runner) serveUntilStopped() ([]scenario, error) {
	c, _, err := r.tracedExchange("C", lab.Loopback4, false, nil)
	if err != nil {
		return nil, err
	}
	g, _, err := r.tracedExchange("Go", lab.Loopback4, true, []string{"-n", "0"})
	if err != nil {
		return nil, err
	}
	return []scenario{{"serve until stopped (the grown-up Go server: -n 0, SIGTERM after one client), server", []strace.Trace{c, g}}}, nil
}

// tracedExchange runs one exchange of lang's pair over ip, each program
// under strace, on a port of its own, and returns the two traces; for Go,
// the grown-up pair where grown. With goServerArgs (the Go server's extra
// flags), the server is not expected to end after one client: it gets
// SIGTERM once the client is done.
func (r *runner) tracedExchange(lang, ip string, grown bool, goServerArgs []string) (server, client strace.Trace, err error) {
	port, err := lab.UnboundPort(ip)
	if err != nil {
		return server, client, err
	}
	srvCmd, clCmd, err := r.commands(lang, port, ip, grown)
	if err != nil {
		return server, client, err
	}
	if lang == "Go" {
		srvCmd = append(srvCmd, goServerArgs...)
	}
	srv, err := r.start(srvCmd)
	if err != nil {
		return server, client, err
	}
	if err := srv.WaitListening(port); err != nil {
		return server, client, fmt.Errorf("%s server: %w", lang, err)
	}
	cl, err := r.start(clCmd)
	if err != nil {
		return server, client, err
	}
	if client, err = cl.Finish(strace.ClientFDs, port); err != nil {
		return server, client, fmt.Errorf("%s client: %w", lang, err)
	}
	if lang == "Go" && len(goServerArgs) > 0 {
		if err := srv.SignalTracee(unix.SIGTERM); err != nil {
			return server, client, err
		}
	}
	if server, err = srv.Finish(strace.ServerFDs, port); err != nil {
		return server, client, fmt.Errorf("%s server: %w", lang, err)
	}
	return server, client, nil
}

// A server started on a port that another socket listens on: bind(2) fails
// with EADDRINUSE.
func (r *runner) bindInUse() ([]scenario, error) {
	fd, port, err := lab.BoundSocket(lab.Loopback4)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	if err := unix.Listen(fd, 1); err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	traces, err := r.alone(r.langs, port, strace.ServerFDs, func(server, client []string) []string { return server })
	return []scenario{{"bind in use, server", traces}}, err
}

// A client connecting where nothing listens: connect(2) fails with
// ECONNREFUSED. A bound socket that is not listening holds the port.
func (r *runner) connectRefused() ([]scenario, error) {
	fd, port, err := lab.BoundSocket(lab.Loopback4)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	traces, err := r.alone(r.langs, port, strace.ClientFDs, func(server, client []string) []string { return client })
	return []scenario{{"connect refused, client", traces}}, err
}

// alone traces one program of each language's pair, chosen by pick from
// the server and client commands, with no peer.
func (r *runner) alone(langs []string, port int, fdNames []string, pick func(server, client []string) []string) ([]strace.Trace, error) {
	var traces []strace.Trace
	for _, lang := range langs {
		srvCmd, clCmd, err := r.commands(lang, port, lab.Loopback4, false)
		if err != nil {
			return nil, err
		}
		p, err := r.start(pick(srvCmd, clCmd))
		if err != nil {
			return nil, err
		}
		t, err := p.Finish(fdNames, port)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", lang, err)
		}
		traces = append(traces, t)
	}
	return traces, nil
}

// commands returns the server and client command lines of one language for
// port (and, for Go, ip; the grown-up pair where grown). The C programs are
// compiled with that PORT; the Go programs take -port. The grown-up Go
// server is not given -port 0, which would add getsockname.
func (r *runner) commands(lang string, port int, ip string, grown bool) (server, client []string, err error) {
	if lang == "net" {
		args := []string{"-port", strconv.Itoa(port)}
		return append([]string{r.net.Server}, args...), append([]string{r.net.Client}, args...), nil
	}
	if lang == "Go" {
		args := []string{"-port", strconv.Itoa(port)}
		if ip != lab.Loopback4 {
			args = append(args, "-ip", ip)
		}
		if grown {
			return append([]string{r.GrownUpServer}, args...), append([]string{r.GrownUpClient}, args...), nil
		}
		return append([]string{r.Server}, args...), append([]string{r.Client}, args...), nil
	}
	for _, name := range []string{"server", "client"} {
		out := filepath.Join(r.dir, fmt.Sprintf("%s-c-%d", name, port))
		if _, err := os.Stat(out); err == nil {
			continue
		}
		if err := lab.CompileC(filepath.Join(r.CSource, name+".c"), out, port); err != nil {
			return nil, nil, err
		}
	}
	return []string{filepath.Join(r.dir, fmt.Sprintf("server-c-%d", port))},
		[]string{filepath.Join(r.dir, fmt.Sprintf("client-c-%d", port))}, nil
}

func (r *runner) start(argv []string) (*strace.Traced, error) {
	r.n++
	p, err := strace.Start(filepath.Join(r.dir, fmt.Sprintf("trace-%d", r.n)), argv...)
	if err != nil {
		return nil, err
	}
	r.started = append(r.started, p.Process)
	return p, nil
}
