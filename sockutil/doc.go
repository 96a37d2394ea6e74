// Package sockutil is the shared part of the tutorial's two programs: what
// the C spreads over ErrorAndExit and its #defines.
//
//   - errors.go: a failed system call becomes the tutorial's message plus the
//     errno's text and name, and exit status 1 (the C's EXIT_FAILURE).
//   - flags.go: -ip and -port, the C's IP and PORT #defines, checked before
//     any socket is made; a bad value is a one-line usage error, exit status
//     64 (EX_USAGE).
//   - retry.go: EINTR, partial writes and an interrupted connect, in one place.
//   - timeout.go: -timeout (SO_RCVTIMEO, SO_SNDTIMEO) and its messages.
//   - payload.go: the bytes the server's -msg and -size send, defined once
//     for the server, the tests and make bench.
//   - family.go: IPv4 or IPv6, for the tools and tests (the programs write
//     the choice out in main.go, as the C does).
//
// Nothing here makes a socket call on the caller's behalf: server/ and
// client/ call golang.org/x/sys/unix themselves, one call per step.
package sockutil
