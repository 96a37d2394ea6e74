package main

import (
	"strings"
	"testing"

	"tcpsocket/scripts/sockettest"
)

// -h prints every flag with its default and the exit statuses, exit 0.
func TestHelpShowsDefaults(t *testing.T) {
	t.Parallel()
	r := sockettest.Run(t, sockettest.BuildGrownUp(t).Client, "-h")
	for _, want := range []string{"-ip", "(default 127.0.0.1)", "-port", "(default 5000)", "-buf", "Exit status", "64 bad usage"} {
		if r.Code != 0 || !strings.Contains(r.Stdout, want) {
			t.Errorf("client -h: %v; want exit 0 and %q in stdout", r, want)
		}
	}
}

// Every bad value is refused before any socket is made: one line on stderr
// that names the value, exit status 64, nothing on stdout.
func TestBadUsage(t *testing.T) {
	t.Parallel()
	client := []sockettest.Usage{
		{Args: []string{"-buf", "0"}, Named: `"0"`},
		{Args: []string{"-buf", "-1"}, Named: `"-1"`},
		{Args: []string{"-buf", "67108865"}, Named: `"67108865"`},
		{Args: []string{"-buf", "big"}, Named: `"big"`},
		{Args: []string{"-buf", "1k"}, Named: `"1k"`},
		{Args: []string{"-buf"}, Named: "-buf"},
		{Args: []string{"-n", "2"}, Named: "-n"},
		{Args: []string{"-port", "0"}, Named: `"0"`},
		// The client's ports start at 1, and its message says so.
		{Args: []string{"-port", "0"}, Named: "from 1 to 65535"},
		{Args: []string{"-port", "65536"}, Named: "from 1 to 65535"},
		{Args: []string{"-msg", "hi"}, Named: "-msg"},
	}
	sockettest.CheckUsage(t, sockettest.BuildGrownUp(t).Client, append(sockettest.BadUsage, client...))
}
