package sockettest

import "testing"

// Slow skips a slow test, or a slow case of one, under go test -short, the
// fast loop (about 20 s for the module), which keeps one of each kind:
// one exchange, one stop, one exercise both ways. what says what is
// skipped; go test without -short (make test) runs everything.
func Slow(t testing.TB, what string) {
	t.Helper()
	if testing.Short() {
		t.Skip(what + ": slow; go test without -short runs it")
	}
}
