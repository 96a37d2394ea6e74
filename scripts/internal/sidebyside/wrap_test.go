package sidebyside

import (
	"strings"
	"testing"
	"time"
)

func TestWrap(t *testing.T) {
	for _, tt := range []struct {
		s      string
		width  int
		indent string
		want   string
	}{
		{"short", 10, "  ", "short"},
		{"no limit at all here", 0, "  ", "no limit at all here"},
		{"one two three four", 9, "  ", "one two\n  three\n  four"},
		{"one   two", 5, "  ", "one\n  two"},
		{"abcdefghij", 4, " ", "abcd\n efg\n hij"},
		{"a bcdefghij", 4, "  ", "a bc\n  de\n  fg\n  hi\n  j"},
		{"trailing   ", 8, "  ", "trailing\n  "},
	} {
		if got := Wrap(tt.s, tt.width, tt.indent); got != tt.want {
			t.Errorf("Wrap(%q, %d, %q) = %q; want %q", tt.s, tt.width, tt.indent, got, tt.want)
		}
	}
}

// A long text wraps in time linear in its length: 10 MB of words, about
// 130,000 lines of 80 columns, in well under a second (a wrap that copied
// the rest of the text for each line took minutes).
func TestWrapLong(t *testing.T) {
	s := strings.Repeat("Server Message, again and again, ", 10_000_000/33)
	start := time.Now()
	out := Wrap(s, 80, "  ")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("wrapping %d bytes took %v; want well under a second", len(s), d)
	}
	lines := strings.Split(out, "\n")
	if len(lines) < len(s)/80 {
		t.Errorf("%d lines; want at least %d", len(lines), len(s)/80)
	}
	for i, line := range lines {
		if len(line) > 80 {
			t.Fatalf("line %d is %d bytes: %q", i+1, len(line), line)
		}
	}
}
