//go:build !linux

package main

import (
	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

// acceptAsC is unix.Accept, which on macOS and the BSDs is accept(2) and
// nothing more: anyToSockaddr there asks the kernel nothing (syscall_bsd.go).
// (Go on macOS makes its system calls through libSystem, where a raw
// system call number is no supported interface.)
func acceptAsC(listenfd int) (int, unix.Sockaddr, error) { return unix.Accept(listenfd) }

// clearInheritedNonblock makes connfd blocking again. On macOS and the
// BSDs a socket returned by accept(2) inherits O_NONBLOCK from the
// listening socket (FreeBSD's accept(2): "the new socket inherits ...
// O_NONBLOCK"; XNU's accept_nocancel copies the listener's file flags),
// and stop_other.go made the listener non-blocking: the server's writes
// must block, as the tutorial's do.
func clearInheritedNonblock(connfd int) {
	if err := unix.SetNonblock(connfd, false); err != nil {
		sockutil.ErrorAndExit("Could not make the connection blocking", err)
	}
}
