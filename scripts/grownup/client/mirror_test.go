package main

import (
	"path/filepath"
	"testing"

	"tcpsocket/scripts/sockettest"
)

// main.go is the tutorial's client.c, line for line: each step of the C
// has its twin, in the C's order, and every other line names extra.
func TestMainMirrorsC(t *testing.T) {
	sockettest.Mirror(t, "main.go", filepath.Join(sockettest.RepoRoot(t), sockettest.TutorialC, "client.c"),
		[]sockettest.Twin{
			{C: `char recvBuff[1024];`, Go: `recvBuff := make([]byte, extra.bufSize(1024))`},
			{C: `sockfd = socket(AF_INET, SOCK_STREAM, 0)`, Go: `sockfd, err := unix.Socket(extra.family(unix.AF_INET), unix.SOCK_STREAM, 0)`},
			{C: `ErrorAndExit("Could not create socket");`, Go: `sockutil.ErrorAndExit("Could not create socket", err)`},
			{C: "serv_addr.sin_port = htons(PORT);\nserv_addr.sin_addr.s_addr = inet_addr(IP);", Go: `var servAddr unix.Sockaddr = &unix.SockaddrInet4{Addr: extra.ip4, Port: extra.port}`},
			{C: `connect(sockfd, (struct sockaddr *)&serv_addr, sizeof(serv_addr))`, Go: `if err := grownup.RetryConnect(unix.Connect, sockfd, servAddr); err != nil {`},
			{C: `ErrorAndExit("Connect Failed");`, Go: `sockutil.ErrorAndExit("Connect Failed", `},
			{C: `while ( (n = read(sockfd, recvBuff, sizeof(recvBuff)-1)) > 0)`, Go: `n, err = grownup.RetryIO(unix.Read, sockfd, recvBuff[:len(recvBuff)-1])`},
			{C: `if(fputs(recvBuff, stdout) == EOF)`, Go: `if err := stdout.print(recvBuff[:n]); err != nil {`},
			{C: `ErrorAndExit("fputs error");`, Go: `sockutil.ErrorAndExit("fputs error", err)`},
			{C: `ErrorAndExit("Read error");`, Go: `sockutil.ErrorAndExit("Read error", `},
			{C: `return 0;`, Go: `os.Exit(0)`},
		},
		map[string]string{
			"int sockfd = 0, n = 0;":                  "Go declares each variable where it is first set; n before the loop that sets it",
			"memset(recvBuff, '0',sizeof(recvBuff));": "make fills the buffer with zero bytes, and nothing reads a byte that read() did not write",
			"struct sockaddr_in serv_addr = {0};":     "servAddr is declared where it is set",
			"serv_addr.sin_family = AF_INET;":         "x/sys/unix fills in sin_family from the Go type, SockaddrInet4",
			"recvBuff[n] = 0;":                        "fputs needs the NUL; print takes the slice's length, and writes NUL bytes too",
			"if(n < 0)":                               "Go's read error is err, not a negative n: if err != nil",
		})
}
