package main

import (
	"path/filepath"
	"testing"

	"tcpsocket/scripts/sockettest"
)

// main.go is the tutorial's server.c, line for line: each step of the C
// has its twin, in the C's order, and every other line names extra.
func TestMainMirrorsC(t *testing.T) {
	sockettest.Mirror(t, "main.go", filepath.Join(sockettest.RepoRoot(t), sockettest.TutorialC, "server.c"),
		[]sockettest.Twin{
			{C: `listenfd = socket(AF_INET, SOCK_STREAM, 0)`, Go: `listenfd, err := unix.Socket(extra.family(unix.AF_INET), unix.SOCK_STREAM, 0)`},
			{C: `ErrorAndExit("Could not create socket");`, Go: `sockutil.ErrorAndExit("Could not create socket", err)`},
			{C: "serv_addr.sin_addr.s_addr = inet_addr(IP);\nserv_addr.sin_port = htons(PORT);", Go: `var servAddr unix.Sockaddr = &unix.SockaddrInet4{Addr: extra.ip4, Port: extra.port}`},
			{C: `bind(listenfd, (struct sockaddr*)&serv_addr, sizeof(serv_addr))`, Go: `if err := unix.Bind(listenfd, servAddr); err != nil {`},
			{C: `ErrorAndExit("Could not bind on Given IP");`, Go: `sockutil.ErrorAndExit("Could not bind on Given IP", `},
			{C: `listen(listenfd, 10)`, Go: `if err := unix.Listen(listenfd, 10); err != nil {`},
			{C: `ErrorAndExit("Could not listen");`, Go: `sockutil.ErrorAndExit("Could not listen", err)`},
			{C: `connfd = accept(listenfd, (struct sockaddr*)NULL, NULL)`, Go: `connfd, _, err := grownup.RetryAccept(unix.Accept, listenfd)`},
			{C: `ErrorAndExit("Could not accept");`, Go: `sockutil.ErrorAndExit("Could not accept", err)`},
			{C: `write(connfd, "Server Message", strlen("Server Message"));`, Go: `if err := grownup.Writen(unix.Write, connfd, message); err != nil {`},
			{C: `close(connfd);`, Go: `if err := unix.Close(connfd); err != nil {`},
			{C: `return 0;`, Go: `os.Exit(0)`},
		},
		map[string]string{
			"int listenfd = 0, connfd = 0;":       "Go declares each variable where it is first set, with :=",
			"struct sockaddr_in serv_addr = {0};": "the same: servAddr is declared where it is set",
			"serv_addr.sin_family = AF_INET;":     "x/sys/unix fills in sin_family from the Go type, SockaddrInet4",
		})
}
