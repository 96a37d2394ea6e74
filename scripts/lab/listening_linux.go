package lab

import "tcpsocket/sockutil/procnet"

// IsListening reads the kernel's tables of TCP sockets (procnet, proc(5)):
// a socket on port in the state TCP_LISTEN.
func IsListening(port int) (bool, error) {
	for _, table := range []string{procnet.TCP, procnet.TCP6} {
		socks, err := procnet.Read(table)
		if err != nil {
			return false, err
		}
		for _, s := range socks {
			if s.LocalPort == port && s.State == procnet.Listen {
				return true, nil
			}
		}
	}
	return false, nil
}
