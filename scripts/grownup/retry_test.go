package grownup_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"golang.org/x/sys/unix"

	"tcpsocket/scripts/grownup"
	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

func TestRetryIO(t *testing.T) {
	t.Parallel()
	calls := 0
	read := func(fd int, p []byte) (int, error) {
		calls++
		if calls <= 3 {
			return -1, unix.EINTR
		}
		return copy(p, "data"), nil
	}
	buf := make([]byte, 8)
	n, err := grownup.RetryIO(read, 3, buf)
	if n != 4 || err != nil || calls != 4 || string(buf[:n]) != "data" {
		t.Errorf("grownup.RetryIO = %d, %v after %d calls; want 4, nil after 4 calls", n, err, calls)
	}

	calls = 0
	reset := func(int, []byte) (int, error) { calls++; return -1, unix.ECONNRESET }
	if _, err := grownup.RetryIO(reset, 3, buf); err != unix.ECONNRESET || calls != 1 {
		t.Errorf("grownup.RetryIO on ECONNRESET = %v after %d calls; want ECONNRESET after 1: only EINTR is retried", err, calls)
	}
}

func TestRetryAccept(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		errs      []error // what the fake accept fails with, in order, before it succeeds
		wantErr   error
		wantCalls int
	}{
		{"at once", nil, nil, 1},
		{"after EINTR", []error{unix.EINTR, unix.EINTR}, nil, 3},
		{"after ECONNABORTED", []error{unix.ECONNABORTED, unix.EINTR}, nil, 3},
		{"EMFILE is final", []error{unix.EMFILE}, unix.EMFILE, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			calls := 0
			accept := func(int) (int, unix.Sockaddr, error) {
				calls++
				if calls <= len(tt.errs) {
					return -1, nil, tt.errs[calls-1]
				}
				return 7, &unix.SockaddrInet4{}, nil
			}
			_, _, err := grownup.RetryAccept(accept, 3)
			if err != tt.wantErr || calls != tt.wantCalls {
				t.Errorf("grownup.RetryAccept = %v after %d calls; want %v after %d", err, calls, tt.wantErr, tt.wantCalls)
			}
		})
	}
}

func TestWriten(t *testing.T) {
	t.Parallel()
	payload := bytes.Repeat([]byte("0123456789"), 1000)
	var got bytes.Buffer
	calls := 0
	// A write that is interrupted every third call and otherwise writes at
	// most 7 bytes: partial writes, as a full socket buffer gives them.
	write := func(fd int, p []byte) (int, error) {
		calls++
		if calls%3 == 0 {
			return -1, unix.EINTR
		}
		n := min(len(p), 7)
		got.Write(p[:n])
		return n, nil
	}
	if err := grownup.Writen(write, 3, payload); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), payload) {
		t.Errorf("grownup.Writen wrote %d bytes, not the %d given, or not in order", got.Len(), len(payload))
	}

	fail := func(int, []byte) (int, error) { return -1, unix.EPIPE }
	if err := grownup.Writen(fail, 3, payload); err != unix.EPIPE {
		t.Errorf("grownup.Writen on EPIPE = %v; want EPIPE", err)
	}
	zero := func(int, []byte) (int, error) { return 0, nil }
	if err := grownup.Writen(zero, 3, payload); !errors.Is(err, io.ErrShortWrite) {
		t.Errorf("grownup.Writen when write returns 0 = %v; want io.ErrShortWrite, not a loop", err)
	}
}

// A connect interrupted by a signal goes on in the kernel (connect(2));
// grownup.RetryConnect must wait for its end and report how it ended. The fake
// connect starts a real connection without blocking, then says EINTR.
func TestRetryConnectInterrupted(t *testing.T) {
	t.Parallel()
	listener, listening := bound(t)
	if err := unix.Listen(listener, 1); err != nil {
		t.Fatal(err)
	}
	refusing := sockettest.RefusingPort(t, lab.Loopback4)
	tests := []struct {
		name    string
		port    int
		wantErr error
	}{
		{"to a listener: connected", listening, nil},
		{"to nothing: refused", refusing, unix.ECONNREFUSED},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fd, err := lab.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer unix.Close(fd)
			interrupted := func(fd int, sa unix.Sockaddr) error {
				if err := unix.SetNonblock(fd, true); err != nil {
					return err
				}
				if err := unix.Connect(fd, sa); err != unix.EINPROGRESS && err != nil {
					return err
				}
				if err := unix.SetNonblock(fd, false); err != nil {
					return err
				}
				return unix.EINTR
			}
			sa := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: tt.port}
			if err := grownup.RetryConnect(interrupted, fd, sa); err != tt.wantErr {
				t.Errorf("grownup.RetryConnect after EINTR = %v; want %v", err, tt.wantErr)
			}
		})
	}
}

// bound returns a socket bound to a free port on 127.0.0.1, and the port.
func bound(t *testing.T) (fd, port int) {
	t.Helper()
	fd, port, err := lab.BoundSocket(lab.Loopback4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	return fd, port
}
