package main

import (
	"iter"
	"strings"
)

// chunkSize bounds what one write(2) is asked to send, and so the memory
// that -size needs, whatever the size.
const chunkSize = 64 << 10

// A payload is what the server writes to each connection: size bytes of
// msg repeated and cut at size. The tutorial's is "Server Message", once.
type payload struct {
	size int64
	// pattern is msg repeated to at least chunkSize+len(msg) bytes, or
	// exactly msg when the payload is the message once: any chunk of the
	// payload is a slice of it, starting at its offset modulo len(msg).
	pattern []byte
	msgLen  int
}

func newPayload(msg string, size int64) payload {
	if size == 0 || size == int64(len(msg)) {
		return payload{size: int64(len(msg)), pattern: []byte(msg), msgLen: len(msg)}
	}
	n := min(size, chunkSize) + int64(len(msg))
	return payload{size: size, pattern: []byte(strings.Repeat(msg, int(n)/len(msg)+1)), msgLen: len(msg)}
}

// chunks yields the payload in chunks of at most chunkSize bytes: the
// tutorial's message in one, by default.
func (p payload) chunks() iter.Seq[[]byte] {
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
