//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package main

import "golang.org/x/sys/unix"

// getTermios is the ioctl(2) request that reads a terminal's attributes:
// TIOCGETA on macOS and the BSDs (tty(4)).
const getTermios = unix.TIOCGETA
