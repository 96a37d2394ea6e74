package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"tcpsocket/scripts/lab"

	"golang.org/x/sys/unix"
)

// What stop_linux.go relies on, from the kernel itself. shutdown(2) of a
// listening socket for reading (inet_shutdown in net/ipv4/af_inet.c)
// moves it to TCP_CLOSE and wakes its waiters: an accept(2) blocked on it
// fails with EINVAL (inet_csk_wait_for_connect in
// net/ipv4/inet_connection_sock.c), and so does every later one, at once
// (inet_csk_accept); poll(2) with no events asked for reports POLLHUP
// (tcp_poll in net/ipv4/tcp.c); a connection that waited in the listen
// queue is reset (inet_csk_listen_stop), and a client that connects
// afterwards is refused.
func TestShutdownListeningSocket(t *testing.T) {
	t.Parallel()
	listen := func(t *testing.T) (listenfd, port int) {
		listenfd, port, err := lab.BoundSocket(lab.Loopback4)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { unix.Close(listenfd) })
		if err := unix.Listen(listenfd, 10); err != nil {
			t.Fatal(err)
		}
		return listenfd, port
	}

	t.Run("wakes a blocked accept with EINVAL", func(t *testing.T) {
		t.Parallel()
		listenfd, _ := listen(t)
		tid := make(chan int, 1)
		accepted := make(chan error, 1)
		go func() {
			runtime.LockOSThread() // the thread whose system call /proc shows
			defer runtime.UnlockOSThread()
			tid <- unix.Gettid()
			_, _, err := acceptAsC(listenfd)
			accepted <- err
		}()
		blockedIn(t, <-tid, unix.SYS_ACCEPT4)
		if err := unix.Shutdown(listenfd, unix.SHUT_RD); err != nil {
			t.Fatalf("shutdown(listenfd, SHUT_RD) = %v; want 0", err)
		}
		select {
		case err := <-accepted:
			if !errors.Is(err, unix.EINVAL) {
				t.Errorf("the blocked accept(2) = %v; want EINVAL", err)
			}
		case <-time.After(lab.Timeout):
			t.Fatalf("accept(2) still blocked %v after shutdown(listenfd, SHUT_RD)", lab.Timeout)
		}
	})

	t.Run("and leaves it shut", func(t *testing.T) {
		t.Parallel()
		listenfd, port := listen(t)
		queued := dialLoopback(t, port)
		defer unix.Close(queued)
		fds := []unix.PollFd{{Fd: int32(listenfd)}}
		if n, err := unix.Poll(fds, 0); n != 0 || err != nil {
			t.Fatalf("poll(listenfd, no events, 0) while listening = %d, %v; want 0: a client in the queue is POLLIN, not asked for", n, err)
		}
		if err := unix.Shutdown(listenfd, unix.SHUT_RD); err != nil {
			t.Fatalf("shutdown(listenfd, SHUT_RD) = %v; want 0", err)
		}
		if _, _, err := acceptAsC(listenfd); !errors.Is(err, unix.EINVAL) {
			t.Errorf("accept(2) after the shutdown = %v; want EINVAL at once", err)
		}
		if n, err := unix.Poll(fds, -1); n != 1 || err != nil || fds[0].Revents&unix.POLLHUP == 0 {
			t.Errorf("poll(listenfd, no events) after the shutdown = %d, %v, revents %#x; want POLLHUP", n, err, fds[0].Revents)
		}
		if n, err := unix.Read(queued, make([]byte, 1)); !errors.Is(err, unix.ECONNRESET) {
			t.Errorf("the client that waited in the queue read %d, %v; want ECONNRESET", n, err)
		}
		refused, err := lab.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer unix.Close(refused)
		if err := unix.Connect(refused, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: port}); !errors.Is(err, unix.ECONNREFUSED) {
			t.Errorf("connect(2) after the shutdown = %v; want ECONNREFUSED", err)
		}
	})
}

// blockedIn waits, at most lab.Timeout, until thread tid of this
// process sleeps in system call nr: proc(5), /proc/PID/task/TID/syscall
// starts with the call's number while the thread is blocked in it, and
// reads "running" otherwise.
func blockedIn(t *testing.T, tid int, nr int) {
	t.Helper()
	path := fmt.Sprintf("/proc/%d/task/%d/syscall", os.Getpid(), tid)
	want := strconv.Itoa(nr) + " "
	deadline := time.Now().Add(lab.Timeout)
	for {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(string(raw), want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("thread %d not blocked in system call %d within %v: %s", tid, nr, lab.Timeout, raw)
		}
		time.Sleep(time.Millisecond)
	}
}
