package main

import (
	"fmt"
	"math/bits"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"tcpsocket/scripts/internal/netns"
	"tcpsocket/scripts/internal/segment"
	"tcpsocket/scripts/internal/sidebyside"
	"tcpsocket/scripts/lab"
)

// The tutorial's port: in a namespace of its own, each pair can use it.
const port = 5000

func inNamespace() bool { return netns.Inside() }

// envPcap names the file the copy in the namespace writes its capture to.
const envPcap = "TCPSOCKET_WIRE_PCAP"

// compareWire captures the C pair and the Go pair and returns the printed
// comparison, how many of its rows are unexplained, and each pair's
// segments, a line each. With pcapDir, each capture is also written there
// as pcap, wire-c.pcap and wire-go.pcap.
func compareWire(p lab.Programs, width int, pcapDir string) (out string, unexplained int, pairs [2][]string, err error) {
	tmp, err := lab.TempDir("wire")
	if err != nil {
		return "", 0, pairs, err
	}
	defer lab.RemoveTempDir(tmp)
	cPair, err := p.CompileTutorial(tmp, 0)
	if err != nil {
		return "", 0, pairs, err
	}
	pcap := func(name string) []string {
		if pcapDir == "" {
			return nil
		}
		abs, _ := filepath.Abs(filepath.Join(pcapDir, name))
		return []string{envPcap + "=" + abs}
	}
	c, err := netns.Run(cPair, pcap("wire-c.pcap")...)
	if err != nil {
		return "", 0, pairs, fmt.Errorf("the C pair: %w", err)
	}
	g, err := netns.Run(p, pcap("wire-go.pcap")...)
	if err != nil {
		return "", 0, pairs, fmt.Errorf("the Go pair: %w", err)
	}
	rows := sidebyside.Align(c, g, explain)
	var text strings.Builder
	footer := fmt.Sprintf("%d segments from the C pair, %d from the Go pair; sequence numbers from each side's SYN; timestamps left out", len(c), len(g))
	if note := windowScale(); note != "" {
		footer += ". " + note
	}
	sidebyside.Print(&text, "one exchange, segment by segment (the C over the Go where they differ)", rows, footer, width)
	return text.String(), sidebyside.Unexplained(rows), [2][]string{c, g}, nil
}

// windowScale says what the SYNs' "wscale N" is, and why N is what it is
// on this machine. The window scale (RFC 7323, 2.2): after the SYNs, each
// window counts in units of 2^N bytes. Linux picks N in
// tcp_select_initial_window (net/ipv4/tcp_output.c) from the largest
// receive buffer the socket may grow to, the larger of
// net.ipv4.tcp_rmem's third value and net.core.rmem_max: the smallest N
// by which that fits in the 16-bit window, log2(space) - 15 (at most 14).
func windowScale() string {
	read := func(file string) int {
		b, err := os.ReadFile(file)
		f := strings.Fields(string(b))
		if err != nil || len(f) == 0 {
			return 0
		}
		n, _ := strconv.Atoi(f[len(f)-1])
		return n
	}
	space := max(read("/proc/sys/net/ipv4/tcp_rmem"), read("/proc/sys/net/core/rmem_max"))
	if space <= 0 {
		return ""
	}
	log := bits.Len(uint(space)) - 1
	n := min(max(log-15, 0), 14)
	return fmt.Sprintf("wscale %d, the window scale (RFC 7323): after the SYNs a window counts in units of 2^%d bytes"+
		" (win 64 is %d bytes). Linux sets it from the largest receive buffer, the larger of"+
		" net.ipv4.tcp_rmem's maximum and net.core.rmem_max: %d here, at least 2^%d, so %d - 15 = %d"+
		" (the defaults, 6291456, give 7)",
		n, n, 64<<n, space, log, log, n)
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

// pairMain runs in the new namespace: lo up, the capture started, the
// server started and listening, the client run, both ended, the capture
// complete; then it prints the normalised segments.
func pairMain() int {
	lines, err := runPair(netns.Pair())
	if err != nil {
		fmt.Fprintf(os.Stderr, "wire: %v\n", err)
		return netns.Exit(err)
	}
	for _, l := range lines {
		fmt.Println(l)
	}
	return 0
}

func runPair(pair lab.Programs) ([]string, error) {
	if err := netns.LoopbackUp(); err != nil {
		return nil, fmt.Errorf("bring lo up: %w", err)
	}
	c, err := segment.StartCapture(port)
	if err != nil {
		return nil, err
	}
	srv := lab.New(0, pair.Server)
	if err := srv.Start(); err != nil {
		return nil, err
	}
	defer srv.Stop()
	if err := srv.WaitListening(port); err != nil {
		return nil, err
	}
	cl, err := lab.New(0, pair.Client).Run()
	if err != nil {
		return nil, fmt.Errorf("run the client: %w", err)
	}
	if cl.Code != 0 || cl.Stdout != "Server Message" {
		return nil, fmt.Errorf("client: %v; want exit 0 and \"Server Message\"", cl)
	}
	r, err := srv.Wait()
	if err != nil {
		return nil, fmt.Errorf("wait for the server: %w", err)
	}
	if r.Code != 0 {
		return nil, fmt.Errorf("server: %v; want exit 0", r)
	}
	packets, err := c.Finish()
	if err != nil {
		return nil, err
	}
	if file := os.Getenv(envPcap); file != "" {
		if err := segment.WritePcap(file, packets); err != nil {
			return nil, err
		}
	}
	return segment.Normalise(packets, port), nil
}
