// Package sockutil is the shared part of the tutorial's two programs: what
// the C spreads over ErrorAndExit and its #defines, and what both programs
// need of it. A failed system call becomes the tutorial's message plus the
// errno's text and name, and exit status 1 (the C's EXIT_FAILURE); -ip and
// -port, the C's IP and PORT, are checked before any socket is made, a bad
// value being a one-line usage error with exit status 64 (EX_USAGE); EINTR,
// partial writes and an interrupted connect are retried in one place;
// -timeout sets SO_RCVTIMEO and SO_SNDTIMEO; and the bytes the server's
// -msg and -size send are defined once.
//
// Nothing here makes a socket call on the caller's behalf: server/ and
// client/ call golang.org/x/sys/unix themselves, one call per step. Nothing
// here is only for the tools and tests: those live in scripts/, and the
// lab's library, scripts/sockettest, imports this package, never the other
// way round.
package sockutil
