package main

import (
	"testing"

	"tcpsocket/scripts/readmetest"
)

// README.md's table shows main.go as it is: every piece of Go in its Go
// column is in main.go, word for word.
func TestReadmeShowsMain(t *testing.T) {
	t.Parallel()
	readmetest.ReadmeShowsSource(t, "README.md", "The client, call by call", "main.go")
}
