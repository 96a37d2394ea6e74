package main

import (
	"bufio"
	"bytes"
	"os"

	"golang.org/x/sys/unix"
)

// stdioBuffer buffers standard output as the C's stdio does (setvbuf(3)): line
// by line when it is a terminal, so that each line shows as it arrives; in
// a block otherwise, flushed at end of file and before any error message,
// as exit(3) flushes stdio. The block is 64 KiB, where stdio takes
// st_blksize (4 KiB for a pipe): one write(1) for up to 64 reads of 1023
// bytes (see scripts/bench).
type stdioBuffer struct {
	*bufio.Writer
	lineBuffered bool
}

// stdout is the C's stdout.
var stdout = newStdout()

func newStdout() stdioBuffer {
	if isTerminal(1) {
		return stdioBuffer{bufio.NewWriterSize(os.Stdout, 1024), true}
	}
	return stdioBuffer{bufio.NewWriterSize(os.Stdout, 64<<10), false}
}

// isTerminal asks for fd's terminal attributes (termios(3); the ioctl(2)
// under isatty(3)): only a terminal has them.
func isTerminal(fd int) bool {
	_, err := unix.IoctlGetTermios(fd, getTermios)
	return err == nil
}

// print is the C's fputs(recvBuff, stdout), every byte of p included: when
// stdout is line buffered, what p has up to its last newline goes out at
// once, and the rest waits for its line's end.
func (s stdioBuffer) print(p []byte) error {
	if !s.lineBuffered {
		_, err := s.Write(p)
		return err
	}
	// Only on a terminal: LastIndexByte is a byte-by-byte loop, which at
	// 64 KiB reads into a pipe halved the client's throughput (make bench).
	if i := bytes.LastIndexByte(p, '\n'); i >= 0 {
		if _, err := s.Write(p[:i+1]); err != nil {
			return err
		}
		if err := s.Flush(); err != nil {
			return err
		}
		p = p[i+1:]
	}
	_, err := s.Write(p)
	return err
}
