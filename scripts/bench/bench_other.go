//go:build !linux

package main

import "errors"

func run(config) error {
	return errors.New("make bench needs Linux (strace, and /proc for peak memory); run it in a Linux VM or container")
}
