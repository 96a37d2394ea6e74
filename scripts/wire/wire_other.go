//go:build !linux

package main

import (
	"errors"

	"tcpsocket/scripts/sockettest"
)

func inNamespace() bool { return false }

func pairMain() int { return 2 }

// compareWire needs Linux: network namespaces and packet sockets.
func compareWire(sockettest.Programs, int) (string, int, error) {
	return "", 0, errors.New("make wire needs Linux (a network namespace of its own, and a packet socket to capture with); run it in a Linux VM or container")
}
