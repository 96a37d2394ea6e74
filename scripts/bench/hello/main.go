// Command hello is the Go hello-world floor of make bench: what a Go process
// costs to start, print and exit. It prints the lines the exchange harness
// (scripts/c/exchange.c) reads, so that it can stand in for the server and
// the client.
package main

import (
	"os"
	"tcpsocket/sockutil"
)

func main() {
	os.Stderr.WriteString(sockutil.ListeningLine + "127.0.0.1:1\n")
	os.Stdout.WriteString("Server Message")
}
