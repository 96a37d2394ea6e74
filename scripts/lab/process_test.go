package lab

import (
	"strings"
	"testing"
)

// A process with Keep set has the first Keep bytes of what it printed
// kept, and the rest counted, as they come: 100 MB costs no more memory
// than Keep.
func TestKeep(t *testing.T) {
	const size, keep = 100_000_000, 1000
	p := New(0, "sh", "-c", "head -c 100000000 /dev/zero; echo oops >&2")
	p.Keep = keep
	r, err := p.Run()
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Stdout) != keep || r.StdoutMore != size-keep || strings.Trim(r.Stdout, "\x00") != "" {
		t.Errorf("kept %d bytes of standard output, counted %d more; want %d and %d", len(r.Stdout), r.StdoutMore, keep, size-keep)
	}
	if r.Stderr != "oops\n" || r.StderrMore != 0 {
		t.Errorf("standard error %q, %d more; want %q, 0 more", r.Stderr, r.StderrMore, "oops\n")
	}
	if s := r.String(); !strings.Contains(s, "(100000000 bytes)") || len(s) > 2000 {
		t.Errorf("the result says %q; want it short, with the whole size", s)
	}
}
