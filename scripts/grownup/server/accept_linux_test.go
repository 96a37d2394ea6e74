package main

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// With -n 0, a server short of descriptors does not end: accept(2) fails
// with EMFILE while the process's descriptors are at RLIMIT_NOFILE
// (accept(2), getrlimit(2)), the server says so on standard error and
// tries again after a pause, the connection waiting in the listen queue;
// once a descriptor can be had, the client is served. (The default -n 1
// exits on that error, as the C.) Linux: prlimit(2) changes the running
// server's limit, and /proc/PID/fd shows its descriptors.
func TestAcceptShortOfDescriptors(t *testing.T) {
	t.Parallel()
	if lab.Emulator != "" {
		t.Skip("under qemu-user the emulator holds descriptors of its own in the server's process")
	}
	bin := sockettest.BuildGrownUp(t)
	srv := sockettest.StartServer(t, bin.Server, "-n", "0")
	pid := srv.Pid()
	var old unix.Rlimit
	if err := unix.Prlimit(pid, unix.RLIMIT_NOFILE, nil, &old); err != nil {
		t.Fatal(err)
	}
	// The limit at the lowest free descriptor: the next one, accept's,
	// is past it.
	lowest := lowestFreeFd(t, pid)
	tight := unix.Rlimit{Cur: uint64(lowest), Max: old.Max}
	if err := unix.Prlimit(pid, unix.RLIMIT_NOFILE, &tight, nil); err != nil {
		t.Fatal(err)
	}
	cl := sockettest.Start(t, bin.Client, "-port", strconv.Itoa(srv.Port))
	srv.MustWaitStderr(t, "grownup-server: Could not accept: too many open files (EMFILE); trying again in 5ms (the connection waits in the listen queue)")
	if err := unix.Prlimit(pid, unix.RLIMIT_NOFILE, &old, nil); err != nil {
		t.Fatal(err)
	}
	if r := cl.MustWait(t); r.Code != 0 || r.Stdout != message {
		t.Errorf("client: %v; want the message, once the server could accept", r)
	}
	if err := srv.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if r := srv.MustWait(t); r.Code != 0 || r.Stdout != "" || strings.Count(r.Stderr, "EMFILE") < 1 {
		t.Errorf("server: %v; want exit 0, the shortage reported on stderr", r)
	}
}

// lowestFreeFd is the lowest descriptor number that process pid has not
// open (proc(5): /proc/PID/fd), which is the one its next open takes.
func lowestFreeFd(t *testing.T, pid int) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/fd")
	if err != nil {
		t.Fatal(err)
	}
	open := map[int]bool{}
	for _, e := range entries {
		n, _ := strconv.Atoi(e.Name())
		open[n] = true
	}
	fd := 0
	for open[fd] {
		fd++
	}
	return fd
}
