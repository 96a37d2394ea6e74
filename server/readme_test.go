package main

import (
	"os"
	"testing"

	"tcpsocket/sockutil/sockettest"
)

// The README's side by side shows main.go as it is: every piece of Go in
// its server table is in main.go, word for word.
func TestReadmeShowsMain(t *testing.T) {
	t.Parallel()
	source, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range sockettest.ReadmeCode(t, "Server", 2) {
		if !sockettest.InSource(code, string(source)) {
			t.Errorf("README.md's server table shows %q, which server/main.go does not have", code)
		}
	}
}
