package lab

import "golang.org/x/sys/unix"

// Accept is accept(2) for the lab's own code, its connection closed on
// exec as Socket's sockets are: accept4(2) with SOCK_CLOEXEC sets the flag
// as it makes the descriptor.
func Accept(fd int) (int, unix.Sockaddr, error) {
	return unix.Accept4(fd, unix.SOCK_CLOEXEC)
}
