package lab

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// IsListening reads /proc/net/tcp and /proc/net/tcp6 (see proc(5)): a line
// whose local address ends in the port, in hex, with state 0A (TCP_LISTEN).
func IsListening(port int) (bool, error) {
	suffix := fmt.Sprintf(":%04X", port)
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			if os.IsNotExist(err) && table == "/proc/net/tcp6" {
				continue // no IPv6 on this machine
			}
			return false, err
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) > 3 && strings.HasSuffix(fields[1], suffix) && fields[3] == "0A" {
				f.Close()
				return true, nil
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return false, err
		}
	}
	return false, nil
}
