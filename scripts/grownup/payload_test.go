package grownup

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// The payload is msg repeated and cut at size, in chunks of at most 64
// KiB, whatever the size and the message's length.
func TestPayload(t *testing.T) {
	t.Parallel()
	tests := []struct {
		msg  string
		size int64
	}{
		{"Server Message", 0},                 // the tutorial's: the message once
		{"Server Message", 14},                // the same, asked for
		{"Server Message", 5},                 // shorter than the message
		{"Server Message", 100},               // a few times, cut mid-message
		{"x", 3*chunkSize + 1},                // one-byte message, over several chunks
		{"abcdefghij", chunkSize - 1},         // just under a chunk
		{"abcdefghij", chunkSize},             // exactly a chunk
		{"0123456789abcdef", 5*chunkSize + 7}, // a message that divides the chunk, cut mid-message
		{"Server Message", 3*chunkSize + 5},   // one that does not: each chunk starts mid-message
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q to %d", tt.msg, tt.size), func(t *testing.T) {
			t.Parallel()
			p := NewPayload(tt.msg, tt.size)
			want := tt.size
			if want == 0 {
				want = int64(len(tt.msg))
			}
			var got bytes.Buffer
			for chunk := range p.Chunks() {
				if len(chunk) == 0 || len(chunk) > chunkSize {
					t.Fatalf("a chunk of %d bytes; want 1 to %d", len(chunk), chunkSize)
				}
				got.Write(chunk)
			}
			wantBytes := strings.Repeat(tt.msg, int(want)/len(tt.msg)+1)[:want]
			if p.size != want || got.String() != wantBytes {
				t.Errorf("Size %d, %d bytes, equal %v; want %d bytes of the message repeated",
					p.size, got.Len(), got.String() == wantBytes, want)
			}
		})
	}
}
