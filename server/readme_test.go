package main

import (
	"testing"

	"tcpsocket/scripts/sockettest"
)

// The README's side by side shows main.go as it is: every piece of Go in
// its server table is in main.go, word for word.
func TestReadmeShowsMain(t *testing.T) {
	t.Parallel()
	sockettest.ReadmeShowsSource(t, "Server", "main.go")
}
