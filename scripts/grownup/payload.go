package grownup

import (
	"iter"
	"strings"
)

// The server's -msg and -size: what it writes to each connection. The
// tutorial's payload is "Server Message", once. The one definition of the
// byte stream: the server sends it, the tests and make bench check it.

// chunkSize bounds what one write(2) is asked to send, and so the memory
// that -size needs, whatever the size.
const chunkSize = 64 << 10

// A Payload is size bytes of msg repeated and cut at size.
type Payload struct {
	size int64
	// pattern is msg repeated to at least chunkSize+len(msg) bytes, or
	// exactly msg when the payload is the message once: any chunk of the
	// payload is a slice of it, starting at its offset modulo len(msg).
	pattern []byte
	msgLen  int
}

// NewPayload returns size bytes of msg repeated; a size of 0 is msg once.
// msg must not be empty.
func NewPayload(msg string, size int64) Payload {
	if size == 0 || size == int64(len(msg)) {
		return Payload{size: int64(len(msg)), pattern: []byte(msg), msgLen: len(msg)}
	}
	n := min(size, chunkSize) + int64(len(msg))
	return Payload{size: size, pattern: []byte(strings.Repeat(msg, int(n)/len(msg)+1)), msgLen: len(msg)}
}

// Chunks yields the payload in chunks of at most 64 KiB: the tutorial's
// message in one, by default. The chunks share memory; a caller must not
// change or keep them.
func (p Payload) Chunks() iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		for sent := int64(0); sent < p.size; {
			start := int(sent % int64(p.msgLen))
			n := min(p.size-sent, int64(len(p.pattern)-start), chunkSize)
			if !yield(p.pattern[start : start+int(n)]) {
				return
			}
			sent += n
		}
	}
}
