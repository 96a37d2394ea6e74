package main

import (
	"path/filepath"
	"testing"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// main.go is the tutorial's server.c, line for line: the same steps in
// the same order, read from the parsed Go, and no branch or loop the C
// lacks (sockettest.Mirror).
func TestMainMirrorsC(t *testing.T) {
	t.Parallel()
	sockettest.Mirror(t, "main.go", filepath.Join(sockettest.RepoRoot(t), lab.TutorialC, "server.c"),
		map[string]string{
			"flags := sockutil.NewFlagSet(": "the C's #define IP and PORT, as -ip and -port",
			"ip := flags.IP4()":             "#define IP",
			"port := flags.":                "#define PORT",
			"flags.Parse(":                  "the flags are read before any socket is made",
		},
		map[string]string{
			"int listenfd = 0, connfd = 0;":       "Go declares each variable where it is first set, with :=",
			"struct sockaddr_in serv_addr = {0};": "servAddr is declared where it is set",
		})
}
