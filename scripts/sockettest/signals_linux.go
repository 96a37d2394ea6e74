package sockettest

import (
	"os"
	"strconv"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// StormThreads sends count harmless signals to the threads of pid in turn
// (tgkill(2), the threads listed in /proc/PID/task): a signal sent to the
// process goes to whichever thread the kernel picks, and may never meet
// the one blocked in a system call; these do.
func StormThreads(t testing.TB, pid, count int) {
	t.Helper()
	entries, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/task")
	if err != nil {
		t.Fatal(err)
	}
	for i := range count {
		tid, _ := strconv.Atoi(entries[i%len(entries)].Name())
		err := unix.Tgkill(pid, tid, harmless[i%len(harmless)])
		if err != nil && err != syscall.ESRCH { // a thread may end meanwhile
			t.Fatalf("signal %d to %d/%d: %v", i, pid, tid, err)
		}
	}
}
