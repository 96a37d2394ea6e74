//go:build !linux

package sockettest

import "testing"

// StormThreads is Storm where threads cannot be named one by one
// (signals_linux.go).
func StormThreads(t testing.TB, pid, count int) { Storm(t, pid, count) }
