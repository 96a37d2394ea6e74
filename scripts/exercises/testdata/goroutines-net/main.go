// A goroutine per connection with Go's net package: it works, and the
// checker says that the exercises want the system calls.
package main

import (
	"io"
	"net"
	"os"
)

func main() {
	ln, err := net.Listen("tcp4", "127.0.0.1:5000")
	if err != nil {
		os.Exit(1)
	}
	for {
		conn, err := ln.Accept()
		if err != nil {
			os.Exit(1)
		}
		go func() {
			io.Copy(conn, conn)
			conn.Close()
		}()
	}
}
