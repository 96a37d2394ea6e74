package sockettest

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strings"
	"sync"
)

// PayloadSum returns the SHA-256, in hex, of size bytes of msg repeated
// and cut at size: what the server's -msg and -size send.
func PayloadSum(msg string, size int64) string {
	h := sha256.New()
	block := strings.Repeat(msg, 1+(64<<10)/len(msg))
	for size > 0 {
		n := min(size, int64(len(block)))
		h.Write([]byte(block[:n]))
		size -= n
	}
	return hex.EncodeToString(h.Sum(nil))
}

// A Sink takes a program's standard output without keeping it: it counts
// the bytes and hashes them, and can tell a test when some have arrived.
type Sink struct {
	mu      sync.Mutex
	h       hash.Hash
	n       int64
	notify  int64
	arrived chan struct{}
}

// NewSink returns a Sink whose Arrived channel is closed once at least
// notifyAt bytes were written to it.
func NewSink(notifyAt int64) *Sink {
	return &Sink{h: sha256.New(), notify: notifyAt, arrived: make(chan struct{})}
}

func (s *Sink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.h.Write(p)
	before := s.n
	s.n += int64(len(p))
	if before < s.notify && s.n >= s.notify {
		close(s.arrived)
	}
	return len(p), nil
}

// Arrived is closed once the Sink has taken notifyAt bytes.
func (s *Sink) Arrived() <-chan struct{} { return s.arrived }

// Sum returns how many bytes the Sink took and their SHA-256 in hex.
func (s *Sink) Sum() (int64, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n, hex.EncodeToString(s.h.Sum(nil))
}
