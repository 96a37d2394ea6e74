package main

import "golang.org/x/sys/unix"

// terminalWidth returns the width of the terminal on standard output
// (TIOCGWINSZ, ioctl_tty(2)), or 0, no limit, when it is not a terminal.
func terminalWidth() int {
	ws, err := unix.IoctlGetWinsize(1, unix.TIOCGWINSZ)
	if err != nil {
		return 0
	}
	return int(ws.Col)
}
