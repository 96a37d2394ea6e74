package sockutil

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// PortHolder says what holds a TCP port that bind(2) found in use, from
// the kernel's tables of sockets (proc(5): /proc/net/tcp and tcp6; the
// state column is the kernel's TCP_LISTEN 0A and TCP_TIME_WAIT 06, in
// include/net/tcp_states.h): a listener, a connection in TIME_WAIT, a
// connection in any other state (open, or closing), or "" when it cannot
// tell. It reads files, never a socket, so the failing run's socket calls
// stay the C's (make compare, "bind in use").
func PortHolder(port int) string {
	suffix := fmt.Sprintf(":%04X", port)
	held := ""
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) < 4 || !strings.HasSuffix(fields[1], suffix) {
				continue
			}
			switch fields[3] {
			case "0A":
				f.Close()
				return HolderListener
			case "06":
				if held == "" {
					held = HolderTimeWait
				}
			default:
				held = HolderConnection
			}
		}
		f.Close()
	}
	return held
}
