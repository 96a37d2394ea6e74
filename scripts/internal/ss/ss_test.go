package ss

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A failure to run ss is an error that says what failed and why, with what
// ss printed on its standard error, never a line passed off as a socket's.
func TestSocketsFails(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PATH", dir)
	if lines, err := Sockets(5000); err == nil || !strings.Contains(err.Error(), "ss -tanH") {
		t.Errorf("with no ss: Sockets = %q, %v; want an error naming ss -tanH", lines, err)
	}
	script := "#!/bin/sh\necho 'Cannot open netlink socket: Protocol not supported' >&2\nexit 1\n"
	if err := os.WriteFile(filepath.Join(dir, "ss"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	lines, err := Sockets(5000)
	if err == nil || !strings.Contains(err.Error(), "exit status 1: Cannot open netlink socket") {
		t.Errorf("with an ss that fails: Sockets = %q, %v; want an error with the exit status and ss's message", lines, err)
	}
}

// ss's lines, laid out under Header, every port but the server's as
// EPHEMERAL, sorted.
func TestSocketsLines(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PATH", dir)
	script := "#!/bin/sh\nprintf '%s\\n' " +
		"'ESTAB 0 0 127.0.0.1:41234 127.0.0.1:5000' " +
		"'LISTEN 0 10 127.0.0.1:5000 0.0.0.0:*'\n"
	if err := os.WriteFile(filepath.Join(dir, "ss"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	lines, err := Sockets(5000)
	want := []string{
		Line("ESTAB", "0", "0", "127.0.0.1:EPHEMERAL", "127.0.0.1:5000"),
		Line("LISTEN", "0", "10", "127.0.0.1:5000", "0.0.0.0:*"),
	}
	if err != nil || strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("Sockets = %q, %v; want %q", lines, err, want)
	}
}
