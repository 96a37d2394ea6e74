package main

import (
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// endStrays kills every process of the namespace but this one (the lab,
// its first process: netns.RunIsolated) and strace (keep): what a
// learner's program left running after it ended, a child in a session of
// its own (setsid(2)) included, which strace -f follows and would wait
// for. It returns how many there were. Outside a PID namespace of its own
// (this process is not PID 1) it does nothing: there the machine's other
// processes are listed too.
func endStrays(keep int) int {
	if os.Getpid() != 1 {
		return 0
	}
	entries, err := os.ReadDir("/proc") // proc(5), mounted for this namespace (--mount-proc)
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == 1 || pid == keep {
			continue
		}
		if unix.Kill(pid, unix.SIGKILL) == nil {
			n++
		}
	}
	return n
}
