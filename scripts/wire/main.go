// Command wire is make wire: it captures the TCP segments of one exchange
// by the tutorial's C pair and one by the Go pair, each in a network
// namespace of its own, where the loopback carries nothing else and the
// programs run exactly as the tutorial runs them (port 5000, no flags),
// and prints the two sequences side by side, each segment with what it is
// and which call made it: = the same, ~ a difference explained, ! one that
// is not (exit 1).
//
//	go run ./scripts/wire [-go bin] [-c scripts/c] [-readme scripts/wire/README.md]
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
)

func main() {
	if inNamespace() {
		os.Exit(pairMain())
	}
	goDir := flag.String("go", "bin", "`directory` of the Go server and client")
	cDir := flag.String("c", filepath.Join("scripts", "c"), "`directory` of the tutorial's server.c and client.c")
	readme := flag.String("readme", "", "`file` whose wire:begin/end block gets the output")
	flag.Parse()
	out, unexplained, err := Wire(Programs{
		GoServer: filepath.Join(*goDir, "server"),
		GoClient: filepath.Join(*goDir, "client"),
		CSource:  *cDir,
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "wire: %v\n", err)
		os.Exit(2)
	}
	fmt.Print(out)
	if *readme != "" {
		if err := sidebyside.Splice(*readme, "wire", out); err != nil {
			fmt.Fprintf(os.Stderr, "wire: %v\n", err)
			os.Exit(2)
		}
	}
	os.Exit(sidebyside.Verdict(os.Stdout, unexplained, "OK: the C pair and the Go pair put the same segments on the wire"))
}

// Programs are the four programs compared.
type Programs struct {
	GoServer, GoClient string
	CSource            string // the directory of server.c and client.c
}
