package main

import "golang.org/x/sys/unix"

// getTermios is the ioctl(2) request that reads a terminal's attributes:
// TCGETS on Linux (ioctl_tty(2)).
const getTermios = unix.TCGETS
