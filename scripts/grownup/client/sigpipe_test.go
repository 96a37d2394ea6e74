package main

import (
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"tcpsocket/scripts/sockettest"
)

// client | head -c 3: standard output closes early. While data is still
// coming (64 MiB), the client ends as the C's does, killed by SIGPIPE (Go's
// runtime raises it for a broken pipe on descriptor 1, see os/signal),
// which is what a shell pipeline expects; the server reports the
// connection it lost. With the tutorial's 14 bytes, the client has
// written them all before head closes the pipe: both clients exit 0.
func TestStdoutClosedEarly(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	for _, lang := range []string{"Go", "C"} {
		t.Run(lang+" client", func(t *testing.T) {
			t.Parallel()
			srv := sockettest.StartServer(t, bin.Server, "-size", strconv.Itoa(64<<20))
			cl := headC3(t, bin, lang, srv.Port)
			if r := cl.MustWait(t); r.Signal != syscall.SIGPIPE {
				t.Errorf("client: %v; want killed by SIGPIPE, as the C client is", r)
			}
			sv := srv.MustWait(t)
			if sv.Code != 3 || !sockettest.WriteFailure.MatchString(strings.TrimSuffix(sv.Stdout, "\n")) {
				t.Errorf("server: %v; want exit 3 and a line matching %s", sv, sockettest.WriteFailure)
			}
		})
		t.Run(lang+" client, the tutorial's 14 bytes", func(t *testing.T) {
			t.Parallel()
			srv := sockettest.StartServer(t, bin.Server)
			if r := headC3(t, bin, lang, srv.Port).MustWait(t); r.Code != 0 || r.Signal != 0 {
				t.Errorf("client: %v; want exit 0: it wrote all 14 bytes before head closed the pipe", r)
			}
			if sv := srv.MustWait(t); sv.Code != 0 {
				t.Errorf("server: %v", sv)
			}
		})
	}
}

// headC3 starts the Go or C client against port with its standard output
// into a pipe, reads 3 bytes from the pipe and closes it, as head -c 3
// does.
func headC3(t *testing.T, bin sockettest.Programs, lang string, port int) *sockettest.Process {
	t.Helper()
	client := []string{bin.Client, "-port", strconv.Itoa(port)}
	if lang == "C" {
		client = []string{sockettest.BuildC(t, "client", port)}
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cl := sockettest.StartTo(t, pw, client[0], client[1:]...)
	pw.Close()
	head := make([]byte, 3)
	if _, err := io.ReadFull(pr, head); err != nil || string(head) != "Ser" {
		t.Fatalf("head -c 3: %q, %v", head, err)
	}
	pr.Close()
	return cl
}
