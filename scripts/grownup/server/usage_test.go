package main

import (
	"strings"
	"testing"

	"tcpsocket/scripts/sockettest"
)

// -h prints every flag with its default and the exit statuses, exit 0.
func TestHelpShowsDefaults(t *testing.T) {
	t.Parallel()
	r := sockettest.Run(t, sockettest.BuildGrownUp(t).Server, "-h")
	for _, want := range []string{"-ip", "(default 127.0.0.1)", "-port", "(default 5000)", "-n", "Exit status", "64 bad usage"} {
		if r.Code != 0 || !strings.Contains(r.Stdout, want) {
			t.Errorf("server -h: %v; want exit 0 and %q in stdout", r, want)
		}
	}
}

// Every bad value is refused before any socket is made: one line on stderr
// that names the value, exit status 64, nothing on stdout.
func TestBadUsage(t *testing.T) {
	t.Parallel()
	server := []sockettest.Usage{
		{Args: []string{"-n", "-1"}, Named: `"-1"`},
		{Args: []string{"-n", "many"}, Named: `"many"`},
		{Args: []string{"-n", "2147483648"}, Named: `"2147483648"`},
		{Args: []string{"-n", "1.5"}, Named: `"1.5"`},
		{Args: []string{"-n", ""}, Named: `""`},
		{Args: []string{"-size", "-5"}, Named: `"-5"`},
		{Args: []string{"-size", "1e9"}, Named: `"1e9"`},
		{Args: []string{"-size", "99999999999999999999"}, Named: `"99999999999999999999"`},
		{Args: []string{"-size", "10MB"}, Named: `"10MB"`},
		{Args: []string{"-size", "0x10"}, Named: `"0x10"`},
		{Args: []string{"-size", "100", "-msg", ""}, Named: "-msg"},
		{Args: []string{"-reuseaddr=maybe"}, Named: `"maybe"`},
		{Args: []string{"-buf", "10"}, Named: "-buf"},
	}
	sockettest.CheckUsage(t, sockettest.BuildGrownUp(t).Server, append(sockettest.BadUsage, server...))
}
