//go:build !linux

package main

// cutConnection ends the connection in hand at once, from the signal's
// goroutine: shutdown(2) wakes a write(2) or read(2) blocked on it, here
// as on Linux (cutByShutdown, cut.go). XNU and FreeBSD have no disconnect
// of a TCP socket by connect(2) with AF_UNSPEC (their tcp_usr_connect
// refuses the family), so the reset comes at close(2) (resetOnClose),
// after the FIN that shutdown(2) queued: where nothing else was queued,
// that FIN goes first, and the peer sees an end of file.
func cutConnection(connfd int) { cutByShutdown(connfd) }
