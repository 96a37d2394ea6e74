//go:build !linux

package lab

import "golang.org/x/sys/unix"

// Accept is accept(2) for the lab's own code, its connection closed on
// exec as Socket's sockets are. Without accept4(2) (macOS has none; x/sys
// has it for FreeBSD only) the flag is set after: accept(2) may block, and
// ForkLock is not to be held across a call that blocks (syscall/exec_unix.go),
// so a program started in between inherits the connection, as Go accepts
// for open(2) where O_CLOEXEC is missing.
func Accept(fd int) (int, unix.Sockaddr, error) {
	nfd, sa, err := unix.Accept(fd)
	if err == nil {
		unix.CloseOnExec(nfd)
	}
	return nfd, sa, err
}
