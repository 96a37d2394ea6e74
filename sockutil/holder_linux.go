package sockutil

import "tcpsocket/sockutil/procnet"

// PortHolder says what holds a TCP port that bind(2) found in use, from
// the kernel's tables of sockets (procnet: /proc/net/tcp and tcp6): a listener, a connection in TIME_WAIT, a
// connection in any other state (open, or closing), or "" when it cannot
// tell. It reads files, never a socket, so the failing run's socket calls
// stay the C's (make compare, "bind in use").
func PortHolder(port int) string {
	held := ""
	for _, table := range []string{procnet.TCP, procnet.TCP6} {
		socks, _ := procnet.Read(table) // unreadable: it cannot tell
		for _, s := range socks {
			if s.LocalPort != port {
				continue
			}
			switch s.State {
			case procnet.Listen:
				return HolderListener
			case procnet.TimeWait:
				if held == "" {
					held = HolderTimeWait
				}
			default:
				held = HolderConnection
			}
		}
	}
	return held
}
