//go:build !linux || !(amd64 || arm64)

package main

import "errors"

var errLinux = errors.New("make tour needs Linux on amd64 or arm64 (ptrace and its registers, network namespaces, ss); run it in a Linux VM or container")

func inNamespace() bool { return false }

func pairMain() int { return 2 }

// Tour needs Linux.
func Tour(Programs) (string, int, error) { return "", 0, errLinux }

// Interactive needs Linux.
func Interactive(Programs, string) error { return errLinux }
