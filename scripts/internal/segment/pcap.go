package segment

import (
	"encoding/binary"

	"tcpsocket/scripts/lab"
)

// WritePcap writes packets to file in the classic libpcap format
// (pcap-savefile(5), and the IETF draft "PCAP Capture File Format"), which
// tcpdump -r and Wireshark read: a 24-byte file header, then for each
// frame a 16-byte record header and the frame. The link type is Ethernet
// (LINKTYPE_ETHERNET, 1): Linux's loopback carries each frame behind an
// Ethernet header whose addresses are zero, and the capture keeps it.
//
// Why not gopacket's pcapgo: the format is these two fixed headers, and
// the one module that offers them (github.com/google/gopacket v1.1.19,
// 2020) would be a dependency for thirty lines.
func WritePcap(file string, packets []Packet) error {
	const (
		magic     = 0xa1b2c3d4 // microsecond timestamps, written in this machine's order
		snapLen   = 1 << 16
		ethernet  = 1
		headerLen = 24
	)
	buf := make([]byte, headerLen)
	order := binary.NativeEndian
	order.PutUint32(buf[0:], magic)
	order.PutUint16(buf[4:], 2) // version 2.4
	order.PutUint16(buf[6:], 4)
	// buf[8:16]: time zone offset and timestamp accuracy, both 0
	order.PutUint32(buf[16:], snapLen)
	order.PutUint32(buf[20:], ethernet)
	for _, p := range packets {
		rec := make([]byte, 16)
		order.PutUint32(rec[0:], uint32(p.Time.Unix()))
		order.PutUint32(rec[4:], uint32(p.Time.Nanosecond()/1000))
		order.PutUint32(rec[8:], uint32(len(p.Frame)))  // bytes kept
		order.PutUint32(rec[12:], uint32(len(p.Frame))) // bytes on the wire
		buf = append(append(buf, rec...), p.Frame...)
	}
	return lab.WriteFile(file, buf)
}
