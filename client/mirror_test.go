package main

import (
	"path/filepath"
	"testing"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// main.go is the tutorial's client.c, line for line: the same steps in
// the same order, read from the parsed Go, and no branch or loop the C
// lacks (sockettest.Mirror).
func TestMainMirrorsC(t *testing.T) {
	t.Parallel()
	sockettest.Mirror(t, "main.go", filepath.Join(sockettest.RepoRoot(t), lab.TutorialC, "client.c"),
		map[string]string{
			"flags := sockutil.NewFlagSet(":        "the C's #define IP and PORT, as -ip and -port",
			"ip := flags.IP4()":                    "#define IP",
			"port := flags.":                       "#define PORT",
			"flags.Parse(":                         "the flags are read before any socket is made",
			"stdout := bufio.NewWriter(os.Stdout)": "the C's stdout, which stdio buffers; os.Stdout does not",
			"var n int":                            "n is declared before the loop that sets it",
			"stdout.Flush()":                       "the C's exit(3) flushes stdout",
		},
		map[string]string{
			"int sockfd = 0, n = 0;":                  "Go declares each variable where it is first set",
			"memset(recvBuff, '0',sizeof(recvBuff));": "make fills the buffer with zero bytes, and nothing reads a byte that read() did not write",
			"struct sockaddr_in serv_addr = {0};":     "servAddr is declared where it is set",
			"recvBuff[n] = 0;":                        "fputs needs the NUL; Write takes the slice's length",
		})
}
