package main

import (
	"fmt"
	"strconv"
	"testing"

	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// Transfers far above the socket buffers arrive intact, at several read
// sizes: partial writes lose or repeat nothing.
func TestBulk(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)
	// 100 MiB: some 1,600 writes of 64 KiB, and a hundred thousand reads
	// of 1023 bytes; 20 MiB under an emulator (lab.Repeats).
	large := int64(lab.Repeats(100)) << 20
	tests := []struct {
		size int64
		buf  string
	}{
		{large, "1023"},
		{large, "4096"},
		{large, "65536"},
		{large, "1048576"},
		{1 << 20, "1"},
		{3<<20 + 7, "7"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("size %d buf %s", tt.size, tt.buf), func(t *testing.T) {
			if tt.buf != "7" {
				sockettest.Slow(t, "a bulk transfer (-short runs the 3 MiB one at 7-byte reads)")
			}
			srv := sockettest.StartServer(t, bin.Server, "-size", strconv.FormatInt(tt.size, 10), "-msg", "abcdefghijklmnopqrstuvwxyz0123456789")
			sink := lab.NewSink(0)
			r := sockettest.StartTo(t, sink, bin.Client, "-port", strconv.Itoa(srv.Port), "-buf", tt.buf).MustWait(t)
			n, sum := sink.Sum()
			if want := lab.Sum("abcdefghijklmnopqrstuvwxyz0123456789", tt.size); r.Code != 0 || n != tt.size || sum != want {
				t.Errorf("client: %v, %d bytes, CRC-32C %s; want exit 0, %d bytes, %s", r, n, sum, tt.size, want)
			}
			if sv := srv.MustWait(t); sv.Code != 0 {
				t.Errorf("server: %v", sv)
			}
		})
	}
}
