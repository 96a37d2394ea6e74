package main

import (
	"testing"

	"tcpsocket/scripts/sockettest"
)

// This package's README shows main.go as it is: every piece of Go in
// its client table is in main.go, word for word.
func TestReadmeShowsMain(t *testing.T) {
	t.Parallel()
	sockettest.ReadmeShowsSource(t, "README.md", "The client, call by call", "main.go")
}
