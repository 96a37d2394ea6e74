//go:build !linux

package main

import (
	"fmt"
	"os"
	"runtime"
)

func inNamespace() bool { return false }

func labMain() int { return 2 }

// check needs Linux: strace, and a network namespace of the program's own.
func check(ex exercise, root, pkg string, width int) int {
	fmt.Fprintf(os.Stderr, "exercise: the checker needs Linux (strace, network namespaces); this is %s: "+
		"build and run %s by hand, against the C peer %s\n", runtime.GOOS, pkg, ex.peer)
	return 2
}
