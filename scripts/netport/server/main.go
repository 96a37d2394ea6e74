// Command server is the tutorial's server written the usual Go way, with the
// net package, for make bench: what a Go programmer would write instead of
// the raw-syscall port. It takes the port's -port, -n, -msg and -size.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"strings"

	"tcpsocket/scripts/grownup"
)

func main() {
	port := flag.Int("port", 5000, "TCP port")
	n := flag.Int("n", 1, "connections to serve; 0: forever")
	msg := flag.String("msg", "Server Message", "the message")
	size := flag.Int64("size", 0, "bytes of the message repeated; 0: the message once")
	flag.Parse()
	log.SetFlags(0) // the errors, as a command-line tool prints them: no time stamps
	log.SetPrefix("server: ")
	if *size == 0 {
		*size = int64(len(*msg))
	}
	pattern := []byte(strings.Repeat(*msg, (64<<10)/len(*msg)+2))

	ln, err := net.Listen("tcp4", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		log.Fatal(err)
	}
	if *port == 0 {
		fmt.Fprintf(os.Stderr, "%s%v\n", grownup.ListeningLine, ln.Addr())
	}
	for served := 0; *n == 0 || served < *n; served++ {
		conn, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		for sent := int64(0); sent < *size; {
			start := int(sent % int64(len(*msg)))
			chunk := min(*size-sent, 64<<10)
			if _, err := conn.Write(pattern[start : start+int(chunk)]); err != nil {
				log.Print(err)
				break
			}
			sent += chunk
		}
		conn.Close()
	}
}
