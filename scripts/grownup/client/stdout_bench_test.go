package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"testing"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/grownup"
	"tcpsocket/scripts/lab"
)

// BenchmarkReadLoop is the client's loop in process: read(2) of 1023 bytes
// from a stream socket, each chunk written to a pipe through the client's
// stdout (stdout.go, block buffered as for a pipe),
// with the stdout buffer of C's stdio for a pipe (4 KiB, st_blksize) and
// the port's (64 KiB). A goroutine feeds the socket, another drains the
// pipe. make bench compares the two with benchstat.
func BenchmarkReadLoop(b *testing.B) {
	for _, size := range []int{4 << 10, 64 << 10} {
		b.Run(fmt.Sprintf("stdout=%dKiB", size>>10), func(b *testing.B) {
			const chunk = 1 << 20
			fds, err := lab.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
			if err != nil {
				b.Fatal(err)
			}
			pr, pw, err := os.Pipe()
			if err != nil {
				b.Fatal(err)
			}
			defer pr.Close()
			go io.Copy(io.Discard, pr)
			go func() {
				data := make([]byte, 64<<10)
				for range b.N {
					for sent := 0; sent < chunk; sent += len(data) {
						if grownup.Writen(unix.Write, fds[1], data) != nil {
							return
						}
					}
				}
				unix.Close(fds[1])
			}()
			b.SetBytes(chunk)
			recvBuff := make([]byte, 1024)
			out := stdioBuffer{bufio.NewWriterSize(pw, size), false}
			b.ResetTimer()
			for {
				n, err := grownup.RetryIO(unix.Read, fds[0], recvBuff[:len(recvBuff)-1])
				if n <= 0 {
					if err != nil {
						b.Fatal(err)
					}
					break
				}
				if err := out.print(recvBuff[:n]); err != nil {
					b.Fatal(err)
				}
			}
			out.Flush()
			b.StopTimer()
			pw.Close()
			unix.Close(fds[0])
		})
	}
}
