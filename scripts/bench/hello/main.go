// Command hello is the Go hello-world floor of make bench: what a Go process
// costs to start, print and exit. It prints the lines the exchange harness
// (scripts/bench/c/exchange.c) reads, so that it can stand in for the server and
// the client. It writes the readiness line (grownup.ListeningLine) as a
// literal: importing scripts/grownup would bring flag, fmt and x/sys/unix into the
// floor it measures.
package main

import "os"

func main() {
	os.Stderr.WriteString("grownup-server: listening on 127.0.0.1:1\n")
	os.Stdout.WriteString("Server Message")
}
