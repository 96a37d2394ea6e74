// Package tcpstates reads the kernel's own record of TCP's state changes:
// the tracepoint sock:inet_sock_set_state, which Linux fires at every
// change of every TCP socket's state (what bcc's tcpstates reads), with
// the old and the new state, the ports and the addresses. It reads it
// through tracefs, in an instance of its own (/sys/kernel/tracing/
// instances/NAME: a trace buffer with its own events, filters and options),
// so that the machine's own trace is never touched, and removes the
// instance when done, on a signal too.
//
// The tracepoint is not per network namespace: it reports every socket of
// the machine, and its fields (the format file, read on Linux 6.18) carry
// no namespace: skaddr, oldstate, newstate, sport, dport, family,
// protocol, saddr, daddr. So the instance keeps the events of one port
// (a filter on sport and dport), and the caller tells its own sockets
// from others' by skaddr, the socket's address in the kernel, which the
// "fields" option prints.
//
// What it does not report: TIME-WAIT. A connection that closes first is
// handed to a separate, small TIME-WAIT socket (inet_twsk), and the
// tracepoint reports the full socket going FIN-WAIT-2 -> CLOSE; the
// TIME-WAIT socket is seen by ss and in /proc/net/tcp.
package tcpstates

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"tcpsocket/scripts/lab"

	"golang.org/x/sys/unix"
)

// EnvOff, set to anything, makes Start report tracing unavailable, as on a
// machine without tracefs: how the fallback is run and tested.
const EnvOff = "TCPSOCKET_NO_TRACEFS"

// ErrUnavailable is what Start's error wraps when the machine cannot give
// the record: not root, no tracefs, no such tracepoint, or EnvOff.
var ErrUnavailable = errors.New("the kernel's record of TCP states is not available")

// The tracefs mount point of today's kernels, and the one before it.
var mountPoints = []string{"/sys/kernel/tracing", "/sys/kernel/debug/tracing"}

// event is the tracepoint's directory under an instance's events/.
const event = "events/sock/inet_sock_set_state"

// A Trace is an instance of tracefs of this process's own, recording
// sock:inet_sock_set_state for one port.
type Trace struct {
	Dir     string // the instance's directory, for Open
	mounted string // tracefs mounted here by Start, to unmount
	once    sync.Once
	cancel  func()     // ends lab's hold of close (lab.OnCleanup)
	mu      sync.Mutex // held while Start sets up, and while Close undoes
	err     error
}

// Start makes an instance named prefix-PID, keeps the events of port
// (source or destination), stamps them with CLOCK_TAI ("tai": the wall
// clock, to the nanosecond, with the leap seconds; so that they compare
// with the packet socket's timestamps, which are the wall clock's),
// prints every field (skaddr included), and turns the event on. Where
// tracefs is not mounted, it mounts it in a directory of its own (never
// on /sys/kernel/tracing, which others may mount and unmount) and
// unmounts it in Close. Until Close, SIGINT, SIGTERM and SIGHUP first
// Close, then end the program as the signal would have
// (lab.HandleInterrupts, lab.OnCleanup).
//
// A program killed by SIGKILL cannot clean up: the next Start removes the
// instances of this prefix, and the mounts, whose process is gone.
func Start(prefix string, port uint16) (*Trace, error) {
	if os.Getenv(EnvOff) != "" {
		return nil, fmt.Errorf("%s is set: %w", EnvOff, ErrUnavailable)
	}
	// The signals are watched before anything is touched, and Close waits
	// for the set-up to finish (mu), so that an interrupt at any moment
	// undoes all of it.
	t := &Trace{}
	t.mu.Lock()
	defer t.mu.Unlock()
	lab.HandleInterrupts()
	t.cancel = lab.OnCleanup(func() { t.close() })
	fail := func(err error) (*Trace, error) {
		t.mu.Unlock()
		t.Close() // after a signal, it waits for the signal's end
		t.mu.Lock()
		return nil, err
	}
	root, mounted, err := tracefs()
	t.mounted = mounted
	if err != nil {
		return fail(err)
	}
	if _, err := os.Stat(filepath.Join(root, event, "format")); err != nil {
		return fail(fmt.Errorf("no tracepoint sock:inet_sock_set_state in %s (Linux 4.16 or later): %w", root, ErrUnavailable))
	}
	removeStale(root, prefix)
	dir := filepath.Join(root, "instances", fmt.Sprintf("%s-%d", prefix, os.Getpid()))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return fail(unavailable("make a tracefs instance", err))
	}
	t.Dir = dir
	for _, w := range []struct{ file, value string }{
		{"trace_clock", "tai"},
		{"options/fields", "1"},
		{"options/pause-on-trace", "0"}, // Read opens trace while it records
		{event + "/filter", fmt.Sprintf("sport == %d || dport == %d", port, port)},
		{event + "/enable", "1"},
	} {
		if err := os.WriteFile(filepath.Join(t.Dir, w.file), []byte(w.value), 0); err != nil {
			return fail(fmt.Errorf("tracefs: write %s: %w", w.file, err))
		}
	}
	return t, nil
}

func unavailable(what string, err error) error {
	if errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) || errors.Is(err, unix.ENODEV) || errors.Is(err, unix.EROFS) {
		return fmt.Errorf("%s: %v (needs root or CAP_SYS_ADMIN): %w", what, err, ErrUnavailable)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// tracefs finds tracefs, or mounts it in a directory of its own.
func tracefs() (root, mounted string, err error) {
	for _, m := range mountPoints {
		var st unix.Statfs_t
		if unix.Statfs(m, &st) == nil && st.Type == unix.TRACEFS_MAGIC {
			return m, "", nil
		}
	}
	// A folder of the lab's (tcpsocket-tracefs-PID-*): the next run's
	// lab.TempDir unmounts and removes that of a program killed outright.
	dir, err := lab.TempDir(mountName)
	if err != nil {
		return "", "", err
	}
	if err := unix.Mount("nodev", dir, "tracefs", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""); err != nil {
		lab.RemoveTempDir(dir)
		return "", "", unavailable("mount tracefs", err)
	}
	return dir, dir, nil
}

// mountName names the folder where Start mounts tracefs (lab.TempDir).
const mountName = "tracefs"

// removeStale removes the instances prefix-PID whose process is gone.
func removeStale(root, prefix string) {
	names, _ := filepath.Glob(filepath.Join(root, "instances", prefix+"-*"))
	for _, n := range names {
		pid, err := strconv.Atoi(strings.TrimPrefix(filepath.Base(n), prefix+"-"))
		if err == nil && pid != os.Getpid() && unix.Kill(pid, 0) == unix.ESRCH {
			os.Remove(n)
		}
	}
}

// Close turns the event off and removes the instance (and the mount Start
// made). A reader that still has the instance's trace open makes rmdir
// fail with EBUSY: Close tries again for up to 3 seconds.
//
// After a signal, Close waits for the end the signal brings: the program
// must not go on, or exit by itself, while the signal's clean-up runs.
func (t *Trace) Close() error {
	err := t.close()
	if lab.Interrupted() {
		select {} // the signal's goroutine ends the program
	}
	t.cancel()
	return err
}

func (t *Trace) close() error {
	t.once.Do(func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.Dir == "" {
			t.unmount()
			return
		}
		os.WriteFile(filepath.Join(t.Dir, event, "enable"), []byte("0"), 0)
		deadline := time.Now().Add(3 * time.Second)
		for {
			err := unix.Rmdir(t.Dir)
			if err == nil || errors.Is(err, unix.ENOENT) {
				break
			}
			if !errors.Is(err, unix.EBUSY) || time.Now().After(deadline) {
				t.err = fmt.Errorf("remove the tracefs instance %s: %w", t.Dir, err)
				break
			}
			time.Sleep(10 * time.Millisecond) // no signal says a reader closed it
		}
		t.unmount()
	})
	return t.err
}

func (t *Trace) unmount() {
	if t.mounted != "" {
		lab.RemoveTempDir(t.mounted) // unmounted first
	}
}

// An Event is one state change as the tracepoint recorded it.
type Event struct {
	Time     time.Time // when, by the wall clock (Read)
	PID      int       // the thread that was running: the caller, or any for a segment's arrival
	Softirq  bool      // in softirq: a segment's arrival, not a call
	Sk       string    // skaddr: which socket
	Old, New string    // as ss names them: SYN-SENT, ESTAB, ...
	SPort    uint16
	DPort    uint16
}

// Read returns the events that the instance dir holds, in order, each
// stamped to the nanosecond. The trace prints its time in microseconds;
// on loopback a segment and the state change it causes come within one,
// so Read reads the buffer twice: with the fields option (which socket,
// which states), then with the raw option (each event's time in
// nanoseconds, and nothing else), and matches them one for one. Events
// that came between the two reads are left for the next Read.
func Read(dir string) ([]Event, error) {
	// CLOCK_TAI is CLOCK_REALTIME plus the kernel's TAI offset, which
	// adjtimex(2) reports (0 until a time daemon sets it).
	var tx unix.Timex
	if _, err := unix.Adjtimex(&tx); err != nil {
		return nil, os.NewSyscallError("adjtimex", err)
	}
	var events []Event
	if err := readTrace(dir, func(line string) {
		if e, ok := Parse(line); ok {
			events = append(events, e)
		}
	}); err != nil {
		return nil, err
	}
	raw := filepath.Join(dir, "options/raw")
	if err := os.WriteFile(raw, []byte("1"), 0); err != nil {
		return nil, err
	}
	defer os.WriteFile(raw, []byte("0"), 0)
	i := 0
	err := readTrace(dir, func(line string) {
		// PID CPU NANOSECONDS type: ID
		f := strings.Fields(line)
		if len(f) < 3 || strings.HasPrefix(line, "#") || i >= len(events) {
			return
		}
		ns, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			return
		}
		events[i].Time = time.Unix(0, ns).Add(-time.Duration(tx.Tai) * time.Second)
		i++
	})
	return events[:i], err
}

func readTrace(dir string, each func(string)) error {
	f, err := os.Open(filepath.Join(dir, "trace"))
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		each(sc.Text())
	}
	return sc.Err()
}

// Parse reads one line of the trace, with the fields option:
//
//	python3-17180 [001] ..s2. 3424.588321: inet_sock_set_state:
//	skaddr=0xffff8881094ec0c0 (-131387188395840) oldstate=0x5 (5)
//	newstate=0x7 (7) sport=0x1388 (5000) dport=0xe63a (58938) ...
//
// Its time, in microseconds, is left for Read to fill in.
func Parse(line string) (Event, bool) {
	head, rest, ok := strings.Cut(line, ": inet_sock_set_state: ")
	if !ok {
		return Event{}, false
	}
	var e Event
	// TASK-PID [CPU] FLAGS SECONDS; the task's name may hold spaces.
	f := strings.Fields(head)
	n := len(f)
	if n < 4 {
		return Event{}, false
	}
	if i := strings.LastIndexByte(f[n-4], '-'); i >= 0 {
		e.PID, _ = strconv.Atoi(f[n-4][i+1:])
	}
	e.Softirq = strings.ContainsAny(f[n-2], "sS")
	fields := strings.Fields(rest)
	for i, kv := range fields {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		dec := uint64(0)
		if i+1 < len(fields) {
			dec, _ = strconv.ParseUint(strings.Trim(fields[i+1], "()"), 10, 64)
		}
		switch k {
		case "skaddr":
			e.Sk = v
		case "oldstate":
			e.Old = Name(int(dec))
		case "newstate":
			e.New = Name(int(dec))
		case "sport":
			e.SPort = uint16(dec)
		case "dport":
			e.DPort = uint16(dec)
		}
	}
	return e, e.Sk != "" && e.New != ""
}

// Name is ss's name for a state of include/net/tcp_states.h.
func Name(state int) string {
	names := []string{1: "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "CLOSED",
		"CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING", "NEW-SYN-RECV"}
	if state > 0 && state < len(names) {
		return names[state]
	}
	return strconv.Itoa(state)
}
