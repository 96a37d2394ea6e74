// Command client is the tutorial's client written the usual Go way, with the
// net package, for make bench. It reads -buf bytes at a time, as the port
// does, and writes through a bufio.Writer.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
)

func main() {
	port := flag.Int("port", 5000, "TCP port")
	bufSize := flag.Int("buf", 1023, "bytes per read")
	flag.Parse()
	log.SetFlags(0) // the errors, as a command-line tool prints them: no time stamps
	log.SetPrefix("client: ")

	conn, err := net.Dial("tcp4", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		log.Fatal(err)
	}
	out := bufio.NewWriter(os.Stdout)
	buf := make([]byte, *bufSize)
	for {
		n, err := conn.Read(buf)
		out.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
	}
	if err := out.Flush(); err != nil {
		log.Fatal(err)
	}
}
