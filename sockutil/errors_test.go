package sockutil

import (
	"errors"
	"fmt"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

func TestMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		what string
		err  error
		want string
	}{
		{
			name: "bind in use",
			what: "Could not bind on Given IP",
			err:  unix.EADDRINUSE,
			want: "Error : Could not bind on Given IP: address already in use (EADDRINUSE)",
		},
		{
			name: "connect refused",
			what: "Connect Failed",
			err:  unix.ECONNREFUSED,
			want: "Error : Connect Failed: connection refused (ECONNREFUSED)",
		},
		{
			name: "read reset",
			what: "Read error",
			err:  unix.ECONNRESET,
			want: "Error : Read error: connection reset by peer (ECONNRESET)",
		},
		{
			name: "errno wrapped by os.NewSyscallError",
			what: "Could not create socket",
			err:  os.NewSyscallError("socket", unix.EMFILE),
			want: "Error : Could not create socket: too many open files (EMFILE)",
		},
		{
			name: "errno wrapped by fmt.Errorf",
			what: "fputs error",
			err:  fmt.Errorf("write: %w", unix.EPIPE),
			want: "Error : fputs error: broken pipe (EPIPE)",
		},
		{
			name: "errno with no name",
			what: "Could not listen",
			err:  unix.Errno(4000),
			want: "Error : Could not listen: errno 4000",
		},
		{
			name: "error without errno",
			what: "fputs error",
			err:  errors.New("short write"),
			want: "Error : fputs error: short write",
		},
		{
			name: "no error: the tutorial's line alone",
			what: "Could not accept",
			err:  nil,
			want: "Error : Could not accept",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Message(tt.what, tt.err); got != tt.want {
				t.Errorf("Message(%q, %v)\n got: %q\nwant: %q", tt.what, tt.err, got, tt.want)
			}
		})
	}
}
