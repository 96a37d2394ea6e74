package lab

import (
	"os"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// adopt makes this process the reaper of its orphaned descendants
// (PR_SET_CHILD_SUBREAPER, prctl(2)): a program that strace traced, when
// strace itself is gone, becomes its child, so that killDescendants finds
// it.
func adopt() { unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) }

// killDescendants sends SIGKILL to every descendant of this process,
// found through /proc/PID/task/TID/children (proc(5)), children before
// their own, so that none can start another unseen.
func killDescendants() {
	seen := map[int]bool{}
	queue := []int{os.Getpid()}
	for len(queue) > 0 && len(seen) < 10000 {
		pid := queue[0]
		queue = queue[1:]
		tasks, _ := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/task")
		for _, task := range tasks {
			raw, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/task/" + task.Name() + "/children")
			for _, f := range strings.Fields(string(raw)) {
				child, err := strconv.Atoi(f)
				if err != nil || seen[child] {
					continue
				}
				seen[child] = true
				syscall.Kill(child, syscall.SIGSTOP) // it cannot fork while stopped
				queue = append(queue, child)
			}
		}
	}
	for pid := range seen {
		syscall.Kill(pid, syscall.SIGKILL)
	}
}

// dieWithParent sets what the kernel sends the child when this process
// (the thread that started it) ends: SIGKILL (PR_SET_PDEATHSIG, prctl(2)).
func dieWithParent(attr *syscall.SysProcAttr) { attr.Pdeathsig = syscall.SIGKILL }

// unmount detaches a file system mounted on dir (umount2(2),
// MNT_DETACH); where none is, it fails (EINVAL), which is nothing to do.
func unmount(dir string) { unix.Unmount(dir, unix.MNT_DETACH) }
