package strace

import (
	"slices"
	"strings"
	"testing"
)

// A Go server's trace as strace -f -yy writes it, shortened: the runtime's
// threads split calls into <unfinished ...> and resumed halves, a SIGURG
// interrupts accept4 (which the kernel restarts), and the socket is fd 5.
const goServerTrace = `4100  execve("./server", ["./server", "-port", "40000"], 0x7ffc /* 20 vars */) = 0
4100  mmap(NULL, 262144, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f00
4100  socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 5<TCP:[81234]>
4100  bind(5<TCP:[81234]>, {sa_family=AF_INET, sin_port=htons(40000), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
4100  listen(5<TCP:[127.0.0.1:40000]>, 10 <unfinished ...>
4101  nanosleep({tv_sec=0, tv_nsec=20000},  <unfinished ...>
4100  <... listen resumed>)             = 0
4100  accept4(5<TCP:[127.0.0.1:40000]>, 0xc000, [112], 0) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
4100  --- SIGURG {si_signo=SIGURG, si_code=SI_TKILL, si_pid=4100, si_uid=0} ---
4100  accept4(5<TCP:[127.0.0.1:40000]>, {sa_family=AF_INET, sin_port=htons(51234), sin_addr=inet_addr("127.0.0.1")}, [112 => 16], 0) = 6<TCP:[127.0.0.1:40000->127.0.0.1:51234]>
4101  <... nanosleep resumed>NULL)      = 0
4100  getsockopt(5<TCP:[127.0.0.1:40000]>, SOL_SOCKET, SO_PROTOCOL, [6], [4]) = 0
4100  write(6<TCP:[127.0.0.1:40000->127.0.0.1:51234]>, "Server Message", 14) = 14
4100  close(6<TCP:[127.0.0.1:40000->127.0.0.1:51234]>) = 0
4101  +++ exited with 0 +++
4100  +++ exited with 0 +++
`

func TestParseTrace(t *testing.T) {
	t.Parallel()
	tr, err := Parse(goServerTrace, ServerFDs, 40000)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = listenfd`,
		`bind(listenfd, {sa_family=AF_INET, sin_port=htons(PORT), sin_addr=inet_addr("127.0.0.1")}, 16) = 0`,
		`listen(listenfd, 10) = 0`,
		`accept4(listenfd, {sa_family=AF_INET, sin_port=htons(EPHEMERAL), sin_addr=inet_addr("127.0.0.1")}, [112 => 16], 0) = connfd`,
		`getsockopt(listenfd, SOL_SOCKET, SO_PROTOCOL, [6], [4]) = 0`,
		`write(connfd, "Server Message", 14) = 14`,
		`close(connfd) = 0`,
		`+++ exited with 0 +++`,
	}
	if !slices.Equal(tr.Calls, want) {
		t.Errorf("calls:\n got: %s\nwant: %s", strings.Join(tr.Calls, "\n      "), strings.Join(want, "\n      "))
	}
	// Every call is the first task's but listen's resumed half, which
	// 4100 made too: the other thread made no socket call.
	if wantTasks := slices.Repeat([]int{1}, len(want)); !slices.Equal(tr.Tasks, wantTasks) {
		t.Errorf("tasks %v; want %v", tr.Tasks, wantTasks)
	}
	if tr.Other != 3 || tr.Signals != 1 || tr.Restarted != 1 || tr.Terminated {
		t.Errorf("other %d, signals %d, restarted %d, terminated %v; want 3, 1, 1, false", tr.Other, tr.Signals, tr.Restarted, tr.Terminated)
	}
}

// A SIGTERM delivered, whether the program dies of it or catches it and
// exits 0, is in the trace; Terminated says so.
func TestParseTraceTerminated(t *testing.T) {
	t.Parallel()
	for _, end := range []string{"4100  +++ killed by SIGTERM +++\n", "4100  exit_group(0)                     = ?\n4100  +++ exited with 0 +++\n"} {
		raw := strings.TrimSuffix(goServerTrace, "4100  +++ exited with 0 +++\n") +
			"4100  --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=4000, si_uid=0} ---\n" + end
		tr, err := Parse(raw, ServerFDs, 40000)
		if err != nil {
			t.Fatal(err)
		}
		if !tr.Terminated || tr.Signals != 2 {
			t.Errorf("ending %q: terminated %v, signals %d; want true, 2", end, tr.Terminated, tr.Signals)
		}
	}
}

func TestParseTraceErrors(t *testing.T) {
	t.Parallel()
	for name, raw := range map[string]string{
		"not strace -f output": "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3\n",
		"no exit line":         "12  close(3<TCP:[1]>) = 0\n",
	} {
		if _, err := Parse(raw, ClientFDs, 1); err == nil {
			t.Errorf("%s: Parse gave no error", name)
		}
	}
}

// A call that another task makes (a goroutine's thread, a forked child)
// is that task's: numbered in the order the tasks first make one.
func TestParseTasks(t *testing.T) {
	t.Parallel()
	raw := `10  socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3<TCP:[1]>
11  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0) = 0x7f00
12  read(4<TCP:[127.0.0.1:5000->127.0.0.1:40000]>, "a", 1024) = 1
11  read(5<TCP:[127.0.0.1:5000->127.0.0.1:40002]>, "b", 1024) = 1
10  +++ exited with 0 +++
`
	tr, err := Parse(raw, ServerFDs, 5000)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{1, 2, 3, 1}; !slices.Equal(tr.Tasks, want) {
		t.Errorf("tasks %v; want %v (calls %q)", tr.Tasks, want, tr.Calls)
	}
}
