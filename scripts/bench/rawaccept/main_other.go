//go:build !linux

// Command rawaccept is a Linux-only experiment of make bench.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "rawaccept: Linux only")
	os.Exit(1)
}
