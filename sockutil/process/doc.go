// Package process starts the tutorial's programs, Go and C, and watches
// them: for make compare and make bench, and, through its testing face
// sockutil/sockettest, for every test. Each function returns an error;
// none takes a testing.TB.
//
//   - process.go: start a program, wait for it (at most Timeout), stop it.
//   - server.go: start a Go server with -port 0 and read its readiness line;
//     wait until a C server listens (listening_*.go: /proc or lsof).
//   - ports.go, refusing_*.go: free, unbound and refusing ports.
//   - build.go: build the Go programs (through the emulator, when one is
//     set) and the C programs.
//   - sum.go: the checksum of what the server's -size sends.
package process
