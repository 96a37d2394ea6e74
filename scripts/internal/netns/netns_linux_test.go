package netns_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"tcpsocket/scripts/internal/netns"
	"tcpsocket/scripts/internal/netns/netnstest"
	"tcpsocket/scripts/sockettest"
)

func TestMain(m *testing.M) { netnstest.TestMain(m, leaveBehind) }

// envSession asks the copy to start its leftover in a session of its own.
const envSession = "NETNS_TEST_SETSID"

// leaveBehind is the copy: it starts a sleep that would run for
// minutes, prints its PID and ends without waiting for it.
func leaveBehind() int {
	attr := &syscall.ProcAttr{Env: os.Environ(), Sys: &syscall.SysProcAttr{Setsid: os.Getenv(envSession) != ""}}
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	pid, err := syscall.ForkExec(sleep, []string{"sleep", "300"}, attr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(pid)
	return 0
}

// Nothing the copy starts outlives Run: Run kills the copy's process
// group when it ends (a child left in it); RunIsolated's namespace ends
// with its first process (a child in a session of its own, out of every
// group the copy had).
func TestNothingOutlivesRun(t *testing.T) {
	sockettest.RequireTool(t, "unshare")
	for _, c := range []struct {
		name string
		run  func(env ...string) ([]string, error)
		env  string
	}{
		{"Run, a child in the copy's group", func(env ...string) ([]string, error) { return netns.Run(sockettest.Programs{}, env...) }, ""},
		{"RunIsolated, a child in a session of its own", netns.RunIsolated, envSession + "=1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			mark := "netns-" + strconv.Itoa(os.Getpid()) + "-" + strings.ReplaceAll(t.Name(), "/", "-")
			env := []string{"TCPSOCKET_TEST_MARK=" + mark}
			if c.env != "" {
				env = append(env, c.env)
			}
			lines, err := c.run(env...)
			if errors.Is(err, netns.ErrUnavailable) {
				sockettest.Missing(t, err.Error())
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(lines) != 1 {
				t.Fatalf("the copy printed %q; want its child's PID", lines)
			}
			// The kernel ends a namespace's processes after its first
			// one: a poll, bounded, as nothing signals their end here.
			left := sockettest.Marked(mark)
			for i := 0; len(left) > 0 && i < 200; i++ {
				time.Sleep(10 * time.Millisecond)
				left = sockettest.Marked(mark)
			}
			if len(left) > 0 {
				t.Errorf("still running after Run returned:\n%s", strings.Join(left, "\n"))
			}
		})
	}
}

// An unshare that cannot start (here, its interpreter is missing: execve(2)
// fails with ENOENT) is an error from Run, not a panic, and kills nothing:
// Run once killed the process group of PID 0, its own, after such a start.
func TestRunWhenUnshareCannotStart(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "unshare"), []byte("#!/nonexistent/interpreter\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	_, err := netns.Run(sockettest.Programs{})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "unshare")) {
		t.Fatalf("Run: %v; want an error that names %s", err, filepath.Join(dir, "unshare"))
	}
}
