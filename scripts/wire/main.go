// Command wire is make wire: it captures the TCP segments of one exchange
// by the tutorial's C pair and one by the Go pair, each in a network
// namespace of its own, where the loopback carries nothing else and the
// programs run exactly as the tutorial runs them (port 5000, no flags),
// and prints the two sequences side by side, each segment with what it is
// and which call made it: = the same, ~ a difference explained, ! one that
// is not (exit 1).
//
//	go run ./scripts/wire [-go bin] [-c scripts/tutorial] [-readme scripts/wire/README.md]
//
// Exit status: 0 the segments are the same (or every difference is
// explained); 1 an unexplained difference; 2 it could not capture (not
// Linux, no unshare, no permission for a network namespace).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"tcpsocket/scripts/internal/sidebyside"
	"tcpsocket/scripts/lab"
)

func main() {
	if inNamespace() {
		os.Exit(pairMain())
	}
	lab.HandleInterrupts()
	programs := sidebyside.ProgramFlags()
	width := sidebyside.WidthFlag(80)
	readme := flag.String("readme", "", "`file` whose wire:begin/end block gets the output")
	pcapDir := flag.String("pcap", "bin", "`directory` to write each pair's capture to, as pcap (wire-c.pcap, wire-go.pcap; tcpdump -r reads them); \"\": none")
	flag.Parse()
	p, err := programs()
	if err != nil {
		sidebyside.Fail("wire", err)
	}
	if *pcapDir != "" {
		if err := os.MkdirAll(*pcapDir, 0o755); err != nil {
			sidebyside.Fail("wire", err)
		}
	}
	out, unexplained, _, err := compareWire(p, width(), *pcapDir)
	if err != nil {
		sidebyside.Fail("wire", err)
	}
	fmt.Print(out)
	if *pcapDir != "" {
		fmt.Printf("the captures, as pcap (tcpdump -r FILE, or Wireshark):\n  %s\n  %s\n",
			filepath.Join(*pcapDir, "wire-c.pcap"), filepath.Join(*pcapDir, "wire-go.pcap"))
	}
	sidebyside.Finish("wire", map[sidebyside.Dest]string{{File: *readme, Block: "wire"}: out}, unexplained,
		"OK: the C pair and the Go pair put the same segments on the wire")
}
