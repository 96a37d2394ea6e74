// Package netnstest is the testing face of netns: the TestMain and the
// check of a tool whose test binary is also the copy that netns.Run
// starts (make tour, make wire).
package netnstest

import (
	"errors"
	"os"
	"testing"

	"tcpsocket/scripts/internal/netns"
	"tcpsocket/scripts/sockettest"
)

// TestMain is the TestMain of such a tool's tests: in the copy, it runs
// pairMain and exits with its status; otherwise it runs the tests
// (sockettest.Main).
func TestMain(m *testing.M, pairMain func() int) {
	if netns.Inside() {
		os.Exit(pairMain())
	}
	sockettest.Main(m)
}

// Check fails the test for err, a tool's error, or skips it (fails it
// under CI, sockettest.Missing) where the error is the machine's
// (netns.ErrUnavailable); and it fails the test for each unexplained row.
func Check(t testing.TB, out string, unexplained int, err error) {
	t.Helper()
	switch {
	case errors.Is(err, netns.ErrUnavailable):
		sockettest.Missing(t, "cannot run in a network namespace here: "+err.Error())
	case err != nil:
		t.Fatal(err) // the tool's own failure: never a skip
	}
	if unexplained > 0 {
		t.Errorf("%d unexplained difference(s):\n%s", unexplained, out)
	}
}
