package main

import (
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// The tutorial's server closes first, so its side of the connection waits
// in TIME_WAIT (60 s on Linux: TCP_TIMEWAIT_LEN) and a restart on the same port fails, with a hint;
// -reuseaddr sets SO_REUSEADDR (socket(7)) and the restart works, when the
// server that left the TIME_WAIT behind had it too (see the Linux test).
func TestRestartInTimeWait(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	port := timeWait(t, bin, "-reuseaddr")

	again := sockettest.RunFailing(t, bin.Server, "-port", port)
	want := "Error : Could not bind on Given IP: address already in use (EADDRINUSE)\nhint: "
	if again.Code != 1 || !strings.HasPrefix(again.Stdout, want) || !strings.Contains(again.Stdout, "TIME_WAIT") ||
		!strings.Contains(again.Stdout, "-reuseaddr") || strings.Count(again.Stdout, "\n") != 2 {
		t.Errorf("restart without -reuseaddr: %v; want exit 1, the bind line and a hint naming TIME_WAIT and -reuseaddr", again)
	}

	p := sockettest.Start(t, bin.Server, "-port", port, "-reuseaddr")
	n, _ := strconv.Atoi(port)
	p.MustWaitListening(t, n)
	cl := sockettest.Run(t, bin.Client, "-port", port)
	if r := p.MustWait(t); r.Code != 0 || cl.Stdout != message {
		t.Errorf("restart with -reuseaddr: server %v, client %v", r, cl)
	}
}

// timeWait runs one exchange with a server started with args, and returns
// its port, which the server's side of the connection now holds in
// TIME_WAIT.
func timeWait(t *testing.T, bin sockettest.Programs, args ...string) string {
	t.Helper()
	first := sockettest.StartServer(t, bin.Server, args...)
	port := strconv.Itoa(first.Port)
	if cl := sockettest.Run(t, bin.Client, "-port", port); cl.Stdout != message {
		t.Fatalf("client: %v", cl)
	}
	if r := first.MustWait(t); r.Code != 0 {
		t.Fatalf("first server: %v", r)
	}
	requireTimeWait(t, first.Port)
	return port
}

// requireTimeWait skips the test unless the kernel keeps port in
// TIME_WAIT: a kernel whose TIME_WAIT table is full frees the port at once
// (Linux: tcp_max_tw_buckets, "TCP: time wait bucket table overflow";
// tcp_time_wait in net/ipv4/tcp_minisocks.c). The premise is checked the
// way the tests use it: a bind(2) without SO_REUSEADDR to a port that a
// TIME_WAIT socket holds fails with EADDRINUSE on Linux
// (inet_csk_bind_conflict), XNU and FreeBSD (in_pcbbind_setup).
func requireTimeWait(t *testing.T, port int) {
	t.Helper()
	fd, err := lab.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	err = unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: port})
	switch {
	case err == nil:
		t.Skipf("the kernel kept no TIME_WAIT for 127.0.0.1:%d (a bind without SO_REUSEADDR took it): its TIME_WAIT table may be full (Linux: net.ipv4.tcp_max_tw_buckets)", port)
	case err != unix.EADDRINUSE:
		t.Fatalf("bind to 127.0.0.1:%d to check its TIME_WAIT: %v", port, err)
	}
}
