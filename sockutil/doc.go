// Package sockutil is the shared part of the tutorial's two programs: what
// the C spreads over ErrorAndExit and its #defines.
//
//   - errors.go: a failed system call becomes the tutorial's message plus the
//     errno's text and name, and exit status 1 (the C's EXIT_FAILURE).
//   - flags.go: -ip and -port, the C's IP and PORT #defines, checked before
//     any socket is made; a bad value is a one-line usage error, exit status 2.
//
// Nothing here makes a socket call on the caller's behalf: server/ and
// client/ call golang.org/x/sys/unix themselves, one call per step.
package sockutil
