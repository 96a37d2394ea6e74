// A right answer to forever that prints 100 MB to standard output before it
// listens, in lines, a megabyte a write: the check takes about as long as
// for a program that prints nothing, and its report quotes the start of
// what it printed and counts the rest. Before listen(2), so that the
// printing counts against the checker's wait for a listener (10 s), not
// against its client's wait for an answer (4 s): on a busy machine, the
// printing under strace has taken more than 4 s.
package main

import (
	"bufio"
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"tcpsocket/sockutil"
)

// size is how much it prints: 100 MB.
const size = 100_000_000

func main() {
	listenfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	try("socket", err)
	try("bind", unix.Bind(listenfd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 5000}))
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	for n, i := 0, 0; n < size; i++ {
		line := fmt.Sprintf("listening, line %d of what a learner printed to see what happens\n", i)
		if n+len(line) > size {
			line = line[:size-n]
		}
		k, err := out.WriteString(line)
		try("print", err)
		n += k
	}
	try("print", out.Flush())
	try("listen", unix.Listen(listenfd, 10))
	for {
		connfd, _, err := unix.Accept(listenfd)
		try("accept", err)
		unix.Write(connfd, []byte("Server Message"))
		unix.Close(connfd)
	}
}

// try ends the program on err, as the C's checks do.
func try(what string, err error) {
	if err != nil {
		sockutil.ErrorAndExit(what, err)
	}
}
