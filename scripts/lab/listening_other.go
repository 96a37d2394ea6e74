//go:build !linux

package lab

// IsListening reports whether a TCP socket listens on the port, through
// lsof(8) (listening_lsof.go); Linux reads /proc (listening_linux.go).
func IsListening(port int) (bool, error) { return IsListeningLsof(port) }
