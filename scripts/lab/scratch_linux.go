package lab

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// adopt makes this process the reaper of its orphaned descendants
// (PR_SET_CHILD_SUBREAPER, prctl(2)): a program that strace traced, when
// strace itself is gone, becomes its child, so that killDescendants finds
// it.
func adopt() { unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) }

// killDescendants sends SIGKILL to every descendant of this process,
// found through /proc/PID/task/TID/children (proc(5)), and waits until
// each has ended (gone, or a zombie), until deadline at most: a process
// sent SIGKILL first ends the system call it is in, which may be creating
// a file in a folder that Cleanup is about to remove. It looks again
// until it finds none running: a child that a process was forking as it
// was found is reparented to this one (adopt), and found the next time.
func killDescendants(deadline time.Time) {
	for pass := 0; pass < 10; pass++ {
		found := descendants()
		if len(found) == 0 {
			return
		}
		for _, pid := range found {
			syscall.Kill(pid, syscall.SIGKILL)
		}
		// A poll, bounded: these are not all this process's children,
		// so no wait(2) reports their end.
		for _, pid := range found {
			for running(pid) {
				if time.Now().After(deadline) {
					return
				}
				time.Sleep(2 * time.Millisecond)
			}
		}
	}
}

// descendants lists the running descendants of this process, stopping
// each as it is found (SIGSTOP), parents before their children, so that
// none starts another while the rest are looked for.
func descendants() []int {
	var found []int
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
				if running(child) {
					syscall.Kill(child, syscall.SIGSTOP)
					found = append(found, child)
				}
				queue = append(queue, child)
			}
		}
	}
	return found
}

// running reports whether process pid exists and is not a zombie (its
// state in /proc/PID/stat, proc(5)).
func running(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(stat, ')')
	return i < 0 || len(stat) <= i+2 || stat[i+2] != 'Z'
}

// dieWithParent sets what the kernel sends the child when this process
// (the thread that started it) ends: SIGKILL (PR_SET_PDEATHSIG, prctl(2)).
func dieWithParent(attr *syscall.SysProcAttr) { attr.Pdeathsig = syscall.SIGKILL }

// unmount detaches a file system mounted on dir (umount2(2),
// MNT_DETACH); where none is, it fails (EINVAL), which is nothing to do.
func unmount(dir string) { unix.Unmount(dir, unix.MNT_DETACH) }
