package segment

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tcpsocket/scripts/sockettest"
)

// Two segments a second apart, at times whose microseconds and
// nanoseconds differ: a reader that took the file for a nanosecond one
// would see other times.
func pcapPackets() []Packet {
	return []Packet{
		{Frame: frame(40000, 5000, 100, 0, flagSYN, nil, nil), Time: time.Unix(1700000000, 123456789)},
		{Frame: frame(5000, 40000, 900, 101, flagSYN|flagACK, nil, nil), Time: time.Unix(1700000001, 5999)},
	}
}

// The file's bytes against the format (pcap-savefile(5); the IETF draft
// "PCAP Capture File Format", section 4): the magic number 0xa1b2c3d4,
// which says microsecond timestamps (0xa1b23c4d would say nanoseconds) and,
// by the order of its bytes, the order of every other field; version 2.4;
// a zero time zone and accuracy; the snapshot length; the link type,
// LINKTYPE_ETHERNET (1). Then each record: the seconds, the microseconds
// (below a million), the bytes kept and the bytes on the wire, the frame.
func TestPcapHeader(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "test.pcap")
	packets := pcapPackets()
	if err := WritePcap(file, packets); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 24 {
		t.Fatalf("%d bytes: shorter than the file header", len(b))
	}
	var order binary.ByteOrder
	switch {
	case bytes.Equal(b[:4], []byte{0xd4, 0xc3, 0xb2, 0xa1}):
		order = binary.LittleEndian
	case bytes.Equal(b[:4], []byte{0xa1, 0xb2, 0xc3, 0xd4}):
		order = binary.BigEndian
	default:
		t.Fatalf("magic % x; want 0xa1b2c3d4 (microseconds) in either byte order", b[:4])
	}
	header := []struct {
		name      string
		got, want uint32
	}{
		{"major version", uint32(order.Uint16(b[4:])), 2},
		{"minor version", uint32(order.Uint16(b[6:])), 4},
		{"time zone", order.Uint32(b[8:]), 0},
		{"timestamp accuracy", order.Uint32(b[12:]), 0},
		{"snapshot length", order.Uint32(b[16:]), 1 << 16},
		{"link type", order.Uint32(b[20:]), 1},
	}
	for _, f := range header {
		if f.got != f.want {
			t.Errorf("file header: %s %d; want %d", f.name, f.got, f.want)
		}
	}
	rest := b[24:]
	for i, p := range packets {
		if len(rest) < 16+len(p.Frame) {
			t.Fatalf("record %d: %d bytes left; want a 16-byte header and %d bytes of frame", i, len(rest), len(p.Frame))
		}
		rec := []struct {
			name      string
			got, want uint32
		}{
			{"seconds", order.Uint32(rest[0:]), uint32(p.Time.Unix())},
			{"microseconds", order.Uint32(rest[4:]), uint32(p.Time.Nanosecond() / 1000)},
			{"bytes kept", order.Uint32(rest[8:]), uint32(len(p.Frame))},
			{"bytes on the wire", order.Uint32(rest[12:]), uint32(len(p.Frame))},
		}
		for _, f := range rec {
			if f.got != f.want {
				t.Errorf("record %d: %s %d; want %d", i, f.name, f.got, f.want)
			}
		}
		if !bytes.Equal(rest[16:16+len(p.Frame)], p.Frame) {
			t.Errorf("record %d: the frame differs from the one written", i)
		}
		rest = rest[16+len(p.Frame):]
	}
	if len(rest) != 0 {
		t.Errorf("%d bytes after the last record", len(rest))
	}
}

// What tcpdump reads from the file: each segment at the time it was
// written, to the microsecond (-tt: seconds since the epoch, and the
// fraction in the file's precision, microseconds here).
func TestPcapTimesByTcpdump(t *testing.T) {
	t.Parallel()
	tcpdump := sockettest.RequireTool(t, "tcpdump")
	file := filepath.Join(t.TempDir(), "test.pcap")
	packets := pcapPackets()
	if err := WritePcap(file, packets); err != nil {
		t.Fatal(err)
	}
	r := sockettest.Run(t, tcpdump, "-r", file, "-tt", "-nn")
	if r.Code != 0 {
		t.Fatalf("tcpdump -r: %v", r)
	}
	lines := strings.Split(strings.TrimSpace(r.Stdout), "\n")
	if len(lines) != len(packets) {
		t.Fatalf("tcpdump -r printed %d lines; want %d:\n%s", len(lines), len(packets), r.Stdout)
	}
	for i, p := range packets {
		want := fmt.Sprintf("%d.%06d", p.Time.Unix(), p.Time.Nanosecond()/1000)
		if got, _, _ := strings.Cut(lines[i], " "); got != want {
			t.Errorf("tcpdump -r, segment %d: time %s; want %s, as written:\n%s", i, got, want, lines[i])
		}
	}
}
