package main

import "golang.org/x/sys/unix"

// acceptAsC is accept(2) as the C makes it, accept(listenfd, NULL, NULL):
// here accept4(listenfd, NULL, NULL, 0), which with flags 0 is accept(2),
// made through unix.Syscall6. unix.Accept makes accept4 with room for the
// peer's address, then, to turn that address into a unix.Sockaddr,
// anyToSockaddr asks the socket's protocol (socketProtocol in
// unix/syscall_linux.go): a getsockopt(SO_PROTOCOL) a connection that the
// C never makes, for an address this server never reads. Passing NULL
// asks the kernel for no address (accept(2): "When addr is NULL, nothing
// is filled in"), so there is nothing to convert.
//
// unix.Syscall6, not unix.RawSyscall6: Syscall6 tells the Go runtime that
// the thread may block (entersyscall, exitsyscall), as unix.Accept does,
// so the runtime's other goroutines, the signal's among them, run
// meanwhile; a raw call would hold the goroutine's P, and the garbage
// collector's stop of the world would wait for the next client
// (scripts/bench/rawaccept measures the two). SYS_ACCEPT4 is the call
// x/sys/unix makes on every Linux architecture but 386, where it goes
// through socketcall(2); the direct call is there since Linux 4.3.
func acceptAsC(listenfd int) (int, unix.Sockaddr, error) {
	connfd, _, errno := unix.Syscall6(unix.SYS_ACCEPT4, uintptr(listenfd), 0, 0, 0, 0, 0)
	if errno != 0 {
		return -1, nil, errno
	}
	return int(connfd), nil, nil
}
