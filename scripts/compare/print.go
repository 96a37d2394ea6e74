package main

import (
	"fmt"
	"io"

	"tcpsocket/scripts/internal/sidebyside"
)

// Print writes one comparison (sidebyside.Print), with the counts of the
// calls left out of it as its footer.
func printComparison(w io.Writer, c comparison, width int) {
	counts := fmt.Sprintf("other system calls (loader, libc, Go runtime): C %d, Go %d; signals: C %d, Go %d; restarted calls: C %d, Go %d",
		c.C.Other, c.Go.Other, c.C.Signals, c.Go.Signals, c.C.Restarted, c.Go.Restarted)
	sidebyside.Print(w, c.Title, c.Rows, counts, width)
}
