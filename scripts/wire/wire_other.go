//go:build !linux

package main

import (
	"errors"

	"tcpsocket/scripts/lab"
)

func inNamespace() bool { return false }

func pairMain() int { return 2 }

// compareWire needs Linux: network namespaces and packet sockets.
func compareWire(lab.Programs, int, string) (string, int, [2][]string, error) {
	return "", 0, [2][]string{}, errors.New("make wire needs Linux (a network namespace of its own, and a packet socket to capture with); run it in a Linux VM or container")
}
