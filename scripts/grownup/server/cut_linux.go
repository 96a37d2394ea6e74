package main

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// cutConnection ends the connection in hand at once, from the signal's
// goroutine, with a reset. connect(2) with AF_UNSPEC dissolves a socket's
// association (connect(2)); on a TCP socket Linux does it with
// tcp_disconnect (net/ipv4/tcp.c), which sends a reset, drops what was
// queued, sets ECONNRESET and wakes a write(2) or read(2) blocked on the
// socket. shutdown(2) would wake them too, but it sends a FIN, at once when
// nothing is left queued, and a peer that gets the FIN before the reset
// takes the cut stream for the whole one (seen: one run in five of
// TestCutConnectionIsReset with both CPUs busy). x/sys/unix's Connect
// takes no AF_UNSPEC address, hence the raw call.
func cutConnection(connfd int) {
	sa := unix.RawSockaddr{Family: unix.AF_UNSPEC}
	unix.Syscall(unix.SYS_CONNECT, uintptr(connfd), uintptr(unsafe.Pointer(&sa)), unsafe.Sizeof(sa))
}
