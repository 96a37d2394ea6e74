package lab

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"tcpsocket/scripts/grownup"
)

// ParseListening reads the port out of the server's readiness line,
// "server: listening on 127.0.0.1:PORT" (grownup.ListeningLine), the
// first such line in text.
func ParseListening(text string) (port int, ok bool) {
	for _, line := range strings.Split(text, "\n") {
		addr, found := strings.CutPrefix(line, grownup.ListeningLine)
		if !found {
			continue
		}
		i := strings.LastIndexByte(addr, ':')
		if i < 0 {
			return 0, false
		}
		port, err := strconv.Atoi(addr[i+1:])
		return port, err == nil && port > 0 && port < 1<<16
	}
	return 0, false
}

// A Server is a Go server started by StartServer, listening on Port.
type Server struct {
	*Process
	Port int
}

// StartServer starts p, a Go server (or a program that runs one, such as
// strace) whose arguments end with -port 0, and returns once the server
// has reported its port: the readiness signal, no sleep. On an error the
// process is stopped.
func (p *Process) StartServer() (*Server, error) {
	portc := make(chan int, 1)
	p.stderr.watch(func(all []byte) bool {
		port, ok := ParseListening(string(all))
		if ok {
			portc <- port
		}
		return ok
	})
	if err := p.Start(); err != nil {
		return nil, err
	}
	select {
	case port := <-portc:
		return &Server{Process: p, Port: port}, nil
	case <-p.done:
		return nil, fmt.Errorf("%s ended before listening: %v", p.Cmd.Path, p.result)
	case <-time.After(Timeout):
		p.Stop()
		return nil, fmt.Errorf("%s did not report its port within %v", p.Cmd.Path, Timeout)
	}
}

// WaitListening waits, at most Timeout, until some process listens on
// port: the readiness check for the C server, which reports nothing, and
// for a server under strace. It polls the kernel's socket table
// (IsListening) rather than connecting, which would use up the server's
// one accept. If p, the server's process, ends first, so does the wait.
func (p *Process) WaitListening(port int) error {
	deadline := time.Now().Add(Timeout)
	for i := 0; time.Now().Before(deadline); i++ {
		ok, err := IsListening(port)
		if err != nil {
			return fmt.Errorf("cannot tell whether port %d is listening: %w", port, err)
		}
		if ok {
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("%s ended before listening on %d: %v", p.Cmd.Path, port, p.result)
		case <-time.After(time.Duration(min(i+1, 20)) * time.Millisecond):
		}
	}
	return fmt.Errorf("nothing listens on port %d after %v", port, Timeout)
}
