package main

import "golang.org/x/sys/unix"

// cutByShutdown is the cut where connect(2) with AF_UNSPEC disconnects
// nothing (cut_other.go: macOS and the BSDs): shutdown(2) of both
// directions wakes a write(2) or read(2) blocked on the connection, and
// queues a FIN behind whatever the peer has not taken yet; resetOnClose
// (stop.go) then makes the close(2) that follows drop that data and the
// FIN, and send a reset. Linux does not take this path, but its kernel
// follows the same rule, so TestCutByShutdownResetsOnClose (cut_test.go)
// runs it there too.
func cutByShutdown(connfd int) { unix.Shutdown(connfd, unix.SHUT_RDWR) }
