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

// The tutorial's port: in a namespace of its own, each pair can use it.
const port = 5000

// The environment that tells the copy of this program in a new network
// namespace (netns.Run) which pair to run: the server's and the client's
// paths.
const (
	envServer = "TCPSOCKET_WIRE_SERVER"
	envClient = "TCPSOCKET_WIRE_CLIENT"
)

func inNamespace() bool { return netns.Inside() }

// Wire captures the C pair and the Go pair and returns the printed
// comparison and how many of its rows are unexplained.
func Wire(p Programs) (string, int, error) {
	tmp, err := os.MkdirTemp("", "wire-")
	if err != nil {
		return "", 0, err
	}
	defer os.RemoveAll(tmp)
	cServer, cClient := filepath.Join(tmp, "server-c"), filepath.Join(tmp, "client-c")
	for src, out := range map[string]string{"server.c": cServer, "client.c": cClient} {
		if err := process.CompileC(filepath.Join(p.CSource, src), out, 0); err != nil {
			return "", 0, err
		}
	}
	c, err := capturePair(cServer, cClient)
	if err != nil {
		return "", 0, fmt.Errorf("the C pair: %w", err)
	}
	g, err := capturePair(p.GoServer, p.GoClient)
	if err != nil {
		return "", 0, fmt.Errorf("the Go pair: %w", err)
	}
	rows := sidebyside.Align(c, g, explain)
	var out strings.Builder
	sidebyside.Print(&out, "one exchange, segment by segment (the C over the Go where they differ)", rows,
		fmt.Sprintf("%d segments from the C pair, %d from the Go pair; sequence numbers from each side's SYN; timestamps left out", len(c), len(g)), 110)
	return out.String(), sidebyside.Unexplained(rows), nil
}

// explain says why a row differs, where that is known.
func explain(r sidebyside.Row) string {
	// Which of the two comes first is timing: the client's kernel may
	// send the ACK of the server's FIN at once, or delay it (tcp(7),
	// TCP_QUICKACK: delayed acknowledgements) and let it ride on the FIN
	// that the client's exit sends a moment later.
	if (r.C == "" || r.Go == "") && strings.Contains(r.C+r.Go, "-- ACK of the server's FIN") {
		return "a delayed ACK: sent alone here, carried by the client's FIN there (tcp(7), delayed acknowledgements); timing, not the program"
	}
	return ""
}

// capturePair runs the pair in a new network namespace (netns.Run),
// where pairMain prints its segments, one line each.
func capturePair(server, client string) ([]string, error) {
	out, err := netns.Run(envServer+"="+server, envClient+"="+client)
	if err != nil {
		return nil, err
	}
	return netns.Lines(out), nil
}

// pairMain runs in the new namespace: lo up, the capture started, the
// server started and listening, the client run, both ended, the capture
// complete; then it prints the normalised segments.
func pairMain() int {
	lines, err := runPair(os.Getenv(envServer), os.Getenv(envClient))
	if err != nil {
		fmt.Fprintf(os.Stderr, "wire: %v\n", err)
		return netns.Exit(err)
	}
	for _, l := range lines {
		fmt.Println(l)
	}
	return 0
}

func runPair(server, client string) ([]string, error) {
	if err := netns.LoopbackUp(); err != nil {
		return nil, fmt.Errorf("bring lo up: %w", err)
	}
	c, err := startCapture(port)
	if err != nil {
		return nil, err
	}
	srv := process.New(0, server)
	if err := srv.Start(); err != nil {
		return nil, err
	}
	defer srv.Stop()
	if err := process.WaitListening(srv, port); err != nil {
		return nil, err
	}
	cl, err := process.New(0, client).Run()
	if err != nil || cl.Code != 0 || cl.Stdout != "Server Message" {
		return nil, fmt.Errorf("client: %v, %v", cl, err)
	}
	if r, err := srv.Wait(); err != nil || r.Code != 0 {
		return nil, fmt.Errorf("server: %v, %v", r, err)
	}
	packets, err := c.finish()
	if err != nil {
		return nil, err
	}
	return Normalise(packets, port), nil
}
