package main

import (
	"os"
	"strconv"
	"testing"
	"time"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// A client whose server dies mid-transfer ends, with end of file or a read
// error, and never hangs.
func TestServerKilledMidTransfer(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	srv := sockettest.StartServer(t, bin.Server, "-size", strconv.FormatInt(1<<40, 10))
	sink := lab.NewSink(4 << 20)
	cl := sockettest.StartTo(t, sink, bin.Client, "-port", strconv.Itoa(srv.Port))
	select {
	case <-sink.Arrived():
	case <-time.After(lab.Timeout):
		t.Fatal("no data arrived")
	}
	if err := srv.Signal(os.Kill); err != nil {
		t.Fatal(err)
	}
	srv.MustWait(t)
	r := cl.MustWait(t)
	ok := r.Code == 0 || (r.Code == 1 && r.Stdout == "" && r.Signal == 0)
	if !ok {
		t.Errorf("client: %v; want exit 0 at end of file, or exit 1 with a Read error", r)
	}
	if n, _ := sink.Sum(); n < 4<<20 || n >= 1<<40 {
		t.Errorf("client wrote %d bytes; want a part of the stream", n)
	}
	sockettest.NoPanic(t, r)
}
