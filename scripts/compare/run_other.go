//go:build !linux

package main

import (
	"errors"

	"tcpsocket/scripts/lab"
)

// compareAll needs strace, which exists only on Linux. On macOS, dtruss(1m)
// shows system calls but needs System Integrity Protection disabled, and
// its output is another format; the BSDs have truss(1) and ktrace(1).
func compareAll(lab.Programs) ([]comparison, error) {
	return nil, errors.New("make compare needs strace, which is Linux-only; " +
		"on macOS run it in a Linux VM or container (dtruss needs SIP disabled), on the BSDs see truss(1)")
}

// compareNet needs strace, as compareAll does.
func compareNet(lab.Programs) ([]string, [][]row3, error) {
	return nil, nil, errors.New("make compare-net needs strace, which is Linux-only")
}
