package lab

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// Socket is socket(2) for the lab's own code, its tools and tests, made as
// Go's net package makes its sockets: closed on exec (FD_CLOEXEC, fcntl(2)).
// The lab starts programs while it holds sockets, and a test binary's
// parallel tests start them at any moment. Without the flag, every program
// started after the socket was made inherits it (execve(2): "file
// descriptors remain open across an execve()") and keeps it open after the
// lab closes its own: a close(2) that should reset a connection (SO_LINGER
// 0) or free a port does nothing until that program ends. Seen:
// TestCutByShutdownResetsOnClose's peer read all the data and then end of
// file, 1 run in 20 of its package's tests; a loop of the same cut beside
// a goroutine running sleep(1) again and again: 10 of 200 without the flag,
// 0 of 200 with it.
//
// The flag is set under syscall.ForkLock, held for reading, which Go's
// fork holds for writing (syscall/exec_unix.go: "the create new fd/mark
// close-on-exec operation is done holding ForkLock for reading"), so no
// program starts between socket(2) and the flag; macOS has no
// SOCK_CLOEXEC to do both at once. The tutorial's programs do not do this:
// the C does not, and they start no program.
func Socket(domain, typ, proto int) (int, error) {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	fd, err := unix.Socket(domain, typ, proto)
	if err != nil {
		return -1, err
	}
	unix.CloseOnExec(fd)
	return fd, nil
}

// Socketpair is socketpair(2), both ends closed on exec, as Socket.
func Socketpair(domain, typ, proto int) ([2]int, error) {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	fds, err := unix.Socketpair(domain, typ, proto)
	if err != nil {
		return fds, err
	}
	unix.CloseOnExec(fds[0])
	unix.CloseOnExec(fds[1])
	return fds, nil
}
