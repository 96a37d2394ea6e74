//go:build linux && (amd64 || arm64)

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"tcpsocket/scripts/internal/netns"
	"tcpsocket/scripts/internal/sidebyside"
	"tcpsocket/sockutil/process"
)

// The environment that tells the copy of this program in a new network
// namespace which pair to tour.
const (
	envServer      = "TCPSOCKET_TOUR_SERVER"
	envClient      = "TCPSOCKET_TOUR_CLIENT"
	envInteractive = "TCPSOCKET_TOUR_INTERACTIVE"
	envBacklog     = "TCPSOCKET_TOUR_BACKLOG"
)

func inNamespace() bool { return netns.Inside() }

// Tour tours the C pair and the Go pair, each in a network namespace of
// its own, and returns the two side by side and how many rows differ for
// no known reason.
func Tour(p Programs) (string, int, error) {
	if process.Emulator != "" {
		return "", 0, fmt.Errorf("under an emulator (%s) the programs cannot be traced with ptrace", process.Emulator)
	}
	cServer, cClient, cleanup, err := compileC(p.CSource)
	if err != nil {
		return "", 0, err
	}
	defer cleanup()
	var out strings.Builder
	unexplained := 0
	for _, part := range []struct{ title, env, footer string }{
		{"one exchange, call by call, and the kernel's sockets after each (the C over the Go where they differ)", "",
			"ss -tan after each call; the client's port shown as EPHEMERAL"},
		{"the backlog: listen(listenfd, 10), no accept() yet, 15 clients (the C over the Go where they differ)", envBacklog + "=1",
			"the listener's Send-Q is the backlog, its Recv-Q the connections waiting for accept()"},
	} {
		var tours [2][]string
		for i, pair := range [][2]string{{cServer, cClient}, {p.GoServer, p.GoClient}} {
			env := []string{envServer + "=" + pair[0], envClient + "=" + pair[1]}
			if part.env != "" {
				env = append(env, part.env)
			}
			lines, err := netns.Run(env...)
			if err != nil {
				return "", 0, err
			}
			tours[i] = netns.Lines(lines)
		}
		rows := sidebyside.Align(tours[0], tours[1], explain)
		sidebyside.Print(&out, part.title, rows, part.footer, 110)
		unexplained += sidebyside.Unexplained(rows)
	}
	return out.String(), unexplained, nil
}

// Interactive steps one pair, waiting for Enter before each call.
func Interactive(p Programs, pair string) error {
	server, client := p.GoServer, p.GoClient
	if pair == "c" {
		cServer, cClient, cleanup, err := compileC(p.CSource)
		if err != nil {
			return err
		}
		defer cleanup()
		server, client = cServer, cClient
	} else if pair != "go" {
		return fmt.Errorf("-interactive %q: go or c", pair)
	}
	return netns.RunAttached(envServer+"="+server, envClient+"="+client, envInteractive+"=1")
}

func compileC(dir string) (server, client string, cleanup func(), err error) {
	tmp, err := os.MkdirTemp("", "tour-")
	if err != nil {
		return "", "", nil, err
	}
	server, client = filepath.Join(tmp, "server-c"), filepath.Join(tmp, "client-c")
	for src, out := range map[string]string{"server.c": server, "client.c": client} {
		if err := process.CompileC(filepath.Join(dir, src), out, 0); err != nil {
			os.RemoveAll(tmp)
			return "", "", nil, err
		}
	}
	return server, client, func() { os.RemoveAll(tmp) }, nil
}

// pairMain runs in the new namespace: lo up, then the tour of one pair,
// printed line by line (as it goes, when interactive).
func pairMain() int {
	if err := netns.LoopbackUp(); err != nil {
		fmt.Fprintf(os.Stderr, "tour: bring lo up: %v\n", err)
		return netns.Exit(err)
	}
	interactive := os.Getenv(envInteractive) != ""
	live := func(string) {}
	if interactive {
		fmt.Printf("tour: in a network namespace of its own; to look from another terminal: sudo nsenter --net --target %d ss -tan\n", os.Getpid())
		live = func(line string) { fmt.Println(line) }
	}
	var lines []string
	var err error
	if os.Getenv(envBacklog) != "" {
		lines, err = backlog(os.Getenv(envServer), os.Getenv(envClient))
	} else {
		lines, err = tour(os.Getenv(envServer), os.Getenv(envClient), interactive, live)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "tour: %v\n", err)
		return netns.Exit(err)
	}
	if !interactive {
		for _, l := range lines {
			fmt.Println(l)
		}
	}
	return 0
}

// explain says why a row differs, where that is known.
func explain(r sidebyside.Row) string {
	asAccept := strings.ReplaceAll(strings.ReplaceAll(r.Go, "accept4(listenfd, &addr, &addrlen)", "accept(listenfd, NULL, NULL)"), "accept4(", "accept(")
	if r.C != r.Go && asAccept == r.C {
		return "x/sys/unix's Accept is accept4 with flags 0, and asks for the client's address (make compare shows it, and the getsockopt after it)"
	}
	return ""
}
