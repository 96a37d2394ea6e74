//go:build linux && (amd64 || arm64)

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"tcpsocket/scripts/internal/netns/netnstest"
	"tcpsocket/scripts/internal/tcpstates"
	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// Where the kernel's record cannot be had, the tour falls back to ss and
// says so, in its output, under its table of states and on its drawing. The record is
// made unavailable as a machine without tracefs would make it:
// tcpstates.Start refuses (tcpstates.EnvOff).
func TestTourWithoutRecord(t *testing.T) {
	if lab.Emulator != "" {
		t.Skip("under qemu-user the programs cannot be stepped with ptrace; make test runs the tour natively")
	}
	sockettest.Slow(t, "the tour again, without the kernel's record")
	for _, tool := range []string{"unshare", "ss", "cc"} {
		sockettest.RequireTool(t, tool)
	}
	t.Setenv(tcpstates.EnvOff, "1")
	bin := sockettest.Build(t)
	out, states, unexplained, err := compareTours(bin, 80)
	netnstest.Check(t, out, unexplained, err)
	flat := strings.Join(strings.Fields(out), " ")
	if !strings.Contains(flat, "kernel: no record of the states ("+tcpstates.EnvOff+" is set") {
		t.Errorf("the tour does not say it has no record:\n%s", out)
	}
	if strings.Contains(flat, "kernel: client's side") || strings.Contains(flat, "kernel: server's side") {
		t.Errorf("the tour shows a record it cannot have:\n%s", out)
	}
	// And the drawing says so (make diagram).
	c, g, err := diagrams(bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, svg := range []string{c, g} {
		if !strings.Contains(svg, "no kernel record of the states here: they are ss&#39;s after each call") {
			t.Errorf("the diagram does not say it has no record:\n%s", svg)
		}
	}
	for _, want := range []string{
		"From ss after each call: without the kernel's record, the states",
		// ss sees only the states that last.
		"server's side: - -> ESTAB -> FIN-WAIT-2 -> TIME-WAIT\n",
		"client's side: - -> ESTAB -> CLOSE-WAIT -> -\n",
	} {
		if !strings.Contains(states, want) {
			t.Errorf("the states lack %q:\n%s", want, states)
		}
	}
}

// tracingState is what the tour of process pid may touch of tracefs: its
// instance, in every mount of tracefs; its own mount, and the directory
// for it; and the machine's trace, the event's enable and filter in the
// machine's mount. (Other processes' instances and mounts, a test's
// running beside it, are not the tour's.)
func tracingState(t *testing.T, pid int) string {
	t.Helper()
	mounts, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	mine := fmt.Sprintf("tcpstates-tracefs-%d-", pid)
	var state []string
	for _, l := range strings.Split(string(mounts), "\n") {
		if !strings.Contains(l, " - tracefs ") {
			continue
		}
		dir := strings.Fields(l)[4]
		if strings.HasPrefix(filepath.Base(dir), mine) {
			state = append(state, "its mount "+dir)
		}
		if _, err := os.Stat(filepath.Join(dir, "instances", "tcpsocket-tour-"+strconv.Itoa(pid))); err == nil {
			state = append(state, "its instance")
		}
		if dir != "/sys/kernel/tracing" && dir != "/sys/kernel/debug/tracing" {
			continue // another's mount, a test's beside this one, say
		}
		for _, file := range []string{"enable", "filter"} {
			b, _ := os.ReadFile(filepath.Join(dir, "events/sock/inet_sock_set_state", file))
			state = append(state, dir+": "+file+" "+strings.TrimSpace(string(b)))
		}
	}
	left, _ := filepath.Glob(filepath.Join(os.TempDir(), mine+"*"))
	for _, d := range left {
		state = append(state, "its mount point "+d)
	}
	slices.Sort(state)
	return strings.Join(slices.Compact(state), "\n")
}

// A tour interrupted at any moment leaves tracing as it found it: no
// instance of its own, its own mount of tracefs gone, the machine's trace
// untouched. The tour is stopped by SIGINT (Ctrl-C), SIGTERM and SIGHUP,
// once its instance is there, at once and after a while: before the
// first pair, during it, between the pairs.
func TestInterruptLeavesTracingAsFound(t *testing.T) {
	if lab.Emulator != "" {
		t.Skip("under qemu-user the programs cannot be stepped with ptrace")
	}
	for _, tool := range []string{"unshare", "ss", "cc"} {
		sockettest.RequireTool(t, tool)
	}
	sockettest.Slow(t, "six tours, each interrupted")
	bin := sockettest.Build(t)
	tmp := t.TempDir()
	if err := lab.BuildGo(tmp, "tcpsocket/scripts/tour"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sig   syscall.Signal
		after time.Duration
	}{
		{syscall.SIGINT, 0},
		{syscall.SIGINT, 300 * time.Millisecond},
		{syscall.SIGINT, 1500 * time.Millisecond},
		{syscall.SIGTERM, 0},
		{syscall.SIGTERM, 800 * time.Millisecond},
		{syscall.SIGHUP, 400 * time.Millisecond},
	} {
		before := tracingState(t, 0)
		p := sockettest.Prepare(t, filepath.Join(tmp, "tour"), "-go", filepath.Dir(bin.Server), "-c", bin.CSource)
		p.MustStart(t)
		// Its instance is there: the record has started (a poll, bounded:
		// nothing else says when a directory appears).
		deadline := time.Now().Add(lab.Timeout / 4)
		for !strings.Contains(tracingState(t, p.Pid()), "its instance") {
			if time.Now().After(deadline) || p.Exited() {
				p.Stop()
				if strings.Contains(p.Stdout(), "no record") {
					sockettest.Missing(t, "no kernel record of the states here: "+p.Stdout())
				}
				t.Fatalf("the tour made no tracefs instance: %s %s", p.Stdout(), p.Stderr())
			}
			time.Sleep(time.Millisecond)
		}
		time.Sleep(c.after) // the moment of the interrupt: the point of the case
		if err := p.Signal(c.sig); err != nil {
			t.Fatal(err)
		}
		// By the signal; or, where this test was started with it ignored
		// (a shell's background job), exit 128+N.
		if r := p.MustWait(t); r.Signal != c.sig && r.Code != 128+int(c.sig) {
			t.Errorf("%v after %v: the tour ended %v, not by its signal", c.sig, c.after, r)
		}
		if after := tracingState(t, p.Pid()); after != before {
			t.Fatalf("%v after %v: tracing was\n%s\nand is now\n%s", c.sig, c.after, before, after)
		}
	}
}
