// Command forever-daemon is the exercise forever's answer, which first
// leaves a process of its own behind: a child in a session of its own
// (setsid(2)), which outlives it unless the checker ends it.
package main

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

func main() {
	sleep := "/bin/sleep"
	if _, err := os.Stat(sleep); err != nil {
		sleep = "/usr/bin/sleep"
	}
	if _, err := syscall.ForkExec(sleep, []string{"sleep", "1000"}, &syscall.ProcAttr{Env: os.Environ(), Sys: &syscall.SysProcAttr{Setsid: true}}); err != nil {
		sockutil.ErrorAndExit("Could not start the daemon", err)
	}
	listenfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		sockutil.ErrorAndExit("Could not create socket", err)
	}
	servAddr := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 5000}
	if err := unix.Bind(listenfd, servAddr); err != nil {
		sockutil.ErrorAndExit("Could not bind on Given IP", err)
	}
	if err := unix.Listen(listenfd, 10); err != nil {
		sockutil.ErrorAndExit("Could not listen", err)
	}
	for {
		connfd, _, err := unix.Accept(listenfd)
		if err != nil {
			sockutil.ErrorAndExit("Could not accept", err)
		}
		unix.Write(connfd, []byte("Server Message"))
		unix.Close(connfd)
	}
}
