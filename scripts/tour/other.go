//go:build !linux || !(amd64 || arm64)

package main

import (
	"errors"

	"tcpsocket/scripts/lab"
)

var errLinux = errors.New("make tour needs Linux on amd64 or arm64 (ptrace and its registers, network namespaces, ss); run it in a Linux VM or container")

func inNamespace() bool { return false }

func pairMain() int { return 2 }

// compareTours needs Linux.
func compareTours(lab.Programs, int) (string, string, int, error) {
	return "", "", 0, errLinux
}

// stepInteractively needs Linux.
func stepInteractively(lab.Programs, string) error { return errLinux }

// writeDiagrams needs Linux, as the tour does.
func writeDiagrams(lab.Programs, string) ([]string, error) { return nil, errLinux }
