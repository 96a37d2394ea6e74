package lab

import (
	"fmt"
	"hash"
	"hash/crc32"
	"sync"

	"tcpsocket/scripts/grownup"
)

// castagnoli is CRC-32C, which processors compute in hardware: fast enough
// to check a transfer at full speed in make bench.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Sum returns the CRC-32C, in hex, of what the server sends with -msg msg
// and -size size (grownup.Payload).
func Sum(msg string, size int64) string {
	h := crc32.New(castagnoli)
	for chunk := range grownup.NewPayload(msg, size).Chunks() {
		h.Write(chunk)
	}
	return fmt.Sprintf("%08x", h.Sum32())
}

// A Sink takes a program's standard output without keeping it: it counts
// the bytes and checksums them as Sum does, and can tell when some have
// arrived.
type Sink struct {
	mu      sync.Mutex
	h       hash.Hash32
	n       int64
	notify  int64
	arrived chan struct{}
}

// NewSink returns a Sink whose Arrived channel is closed once at least
// notifyAt bytes were written to it.
func NewSink(notifyAt int64) *Sink {
	return &Sink{h: crc32.New(castagnoli), notify: notifyAt, arrived: make(chan struct{})}
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

// Sum returns how many bytes the Sink took and their checksum, as Sum.
func (s *Sink) Sum() (int64, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n, fmt.Sprintf("%08x", s.h.Sum32())
}
