package tcpstates

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// envHelper makes the test binary a process that starts a record and
// waits to be killed (TestKilledLeavesNothingForLong).
const envHelper = "TCPSOCKET_TCPSTATES_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(envHelper) != "" {
		t, err := Start("tcpstates-test", 1)
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		fmt.Println(t.Dir)
		select {} // until killed
	}
	sockettest.Main(m)
}

// start is Start for a test: it skips (fails under CI) where the record
// cannot be had, and closes the record when the test ends.
func start(t *testing.T, prefix string, port uint16) *Trace {
	t.Helper()
	tr, err := Start(prefix, port)
	switch {
	case errors.Is(err, ErrUnavailable):
		sockettest.Missing(t, err.Error())
	case err != nil:
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := tr.Close(); err != nil {
			t.Error(err)
		}
		if _, err := os.Stat(tr.Dir); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("after Close, the instance %s is still there (%v)", tr.Dir, err)
		}
	})
	return tr
}

// A connection over loopback, on a port of the test's own, goes through
// the states of RFC 9293, 3.3.2, each recorded with its socket: the
// client's SYN-SENT, ESTAB; the server's side made from the listener,
// SYN-RECV, ESTAB; and the closes.
func TestRecord(t *testing.T) {
	port, err := lab.UnboundPort("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	tr := start(t, "tcpstates-test", uint16(port))
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	s, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	buf := make([]byte, 1)
	c.Read(buf) // end of file: the server's FIN has come
	c.Close()
	ln.Close()
	var events []Event
	// The last change (the client's LAST-ACK -> CLOSED) comes with the
	// last ACK; a bounded wait for it (nothing signals it).
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if events, err = Read(tr.Dir); err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(events, func(e Event) bool { return e.Old == "LAST-ACK" && e.New == "CLOSED" }) {
			break
		}
	}
	bySocket := map[string][]string{}
	var order []string
	for _, e := range events {
		if e.Time.IsZero() || time.Since(e.Time) > time.Minute || time.Until(e.Time) > time.Second {
			t.Errorf("an event's time is not now: %v", e.Time)
		}
		if len(bySocket[e.Sk]) == 0 {
			bySocket[e.Sk] = []string{e.Old}
			order = append(order, e.Sk)
		}
		bySocket[e.Sk] = append(bySocket[e.Sk], e.New)
	}
	var got []string
	for _, sk := range order {
		got = append(got, strings.Join(bySocket[sk], " -> "))
	}
	want := []string{
		"CLOSED -> LISTEN -> CLOSED",
		"CLOSED -> SYN-SENT -> ESTAB -> CLOSE-WAIT -> LAST-ACK -> CLOSED",
		"LISTEN -> SYN-RECV -> ESTAB -> FIN-WAIT-1 -> FIN-WAIT-2 -> CLOSED",
	}
	// The port is the test's, but a socket's skaddr is its memory, which
	// the kernel gives to another socket once one is freed: a line more
	// is another's.
	if !slices.ContainsFunc(got, func(g string) bool { return g == want[0] }) ||
		!slices.Contains(got, want[1]) || !slices.Contains(got, want[2]) {
		t.Errorf("the record, socket by socket:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A process killed by SIGKILL leaves its instance (and its mount of
// tracefs, where it made one): the next Start removes them.
func TestKilledLeavesNothingForLong(t *testing.T) {
	if lab.Emulator != "" {
		// The test re-executes its own binary, which is an arm64 binary
		// here (exec format error): the native run checks the kernel.
		t.Skip("re-executes the test binary, which only the emulator can run")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	p := sockettest.Prepare(t, self)
	p.Cmd.Env = append(os.Environ(), envHelper+"=1")
	p.Cmd.Stdout = nil
	out, err := p.Cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.MustStart(t)
	line := make([]byte, 4096)
	n, _ := out.Read(line) // its readiness: the instance's path, or why not
	dir := strings.TrimSpace(string(line[:n]))
	if !strings.HasPrefix(dir, "/") {
		p.Stop()
		sockettest.Missing(t, "the helper could not start a record: "+dir)
	}
	p.Stop() // SIGKILL
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("the killed helper's instance %s is not there: %v", dir, err)
	}
	start(t, "tcpstates-test", 1)
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the next Start left the killed helper's instance %s (%v)", dir, err)
	}
	stale, _ := filepath.Glob(filepath.Join(os.TempDir(), fmt.Sprintf("tcpsocket-%s-%d-*", mountName, p.Pid())))
	if len(stale) > 0 {
		t.Errorf("the next Start left the killed helper's mount %v", stale)
	}
}
