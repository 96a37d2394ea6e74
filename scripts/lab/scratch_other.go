//go:build !linux

package lab

import (
	"syscall"
	"time"
)

// adopt does nothing where there is no PR_SET_CHILD_SUBREAPER.
func adopt() {}

// killDescendants does nothing where there is no /proc: Cleanup kills the
// processes the tool started, and their process groups.
func killDescendants(time.Time) {}

// dieWithParent does nothing where there is no PR_SET_PDEATHSIG.
func dieWithParent(*syscall.SysProcAttr) {}

// unmount does nothing: only Linux's tools mount (tcpstates).
func unmount(string) {}
