package segment

import (
	"encoding/binary"
	"slices"
	"strings"
	"testing"
)

// frame builds an Ethernet frame as lo carries it, with an IPv4 header and
// a TCP header with the given options and payload.
func frame(src, dst uint16, seq, ack uint32, flags uint8, opts, payload []byte) []byte {
	tcp := make([]byte, 20+len(opts))
	binary.BigEndian.PutUint16(tcp[0:], src)
	binary.BigEndian.PutUint16(tcp[2:], dst)
	binary.BigEndian.PutUint32(tcp[4:], seq)
	binary.BigEndian.PutUint32(tcp[8:], ack)
	tcp[12] = byte(len(tcp)/4) << 4
	tcp[13] = flags
	binary.BigEndian.PutUint16(tcp[14:], 512)
	copy(tcp[20:], opts)
	tcp = append(tcp, payload...)
	ip := make([]byte, 20)
	ip[0] = 0x45
	binary.BigEndian.PutUint16(ip[2:], uint16(20+len(tcp)))
	ip[9] = 6
	eth := make([]byte, 14)
	binary.BigEndian.PutUint16(eth[12:], 0x0800)
	return append(append(eth, ip...), tcp...)
}

func TestDecode(t *testing.T) {
	t.Parallel()
	opts := []byte{2, 4, 0xff, 0xd7, 4, 2, 8, 10, 1, 2, 3, 4, 5, 6, 7, 8, 1, 3, 3, 10} // mss 65495, sackOK, TS, nop, wscale 10
	p, ok := Decode(frame(40000, 5000, 7, 0, flagSYN, opts, nil))
	if !ok || p.SrcPort != 40000 || p.DstPort != 5000 || p.Seq != 7 || p.Flags != flagSYN || p.Window != 512 ||
		p.Options != "mss 65495,sackOK,TS,nop,wscale 10" || len(p.Payload) != 0 {
		t.Errorf("Decode = %+v, %v", p, ok)
	}
	if _, ok := Decode(frame(1, 2, 0, 0, 0, nil, nil)[:30]); ok {
		t.Error("Decode took a truncated frame")
	}
	notIP := frame(1, 2, 0, 0, 0, nil, nil)
	notIP[13] = 0xdd // IPv6's EtherType
	if _, ok := Decode(notIP); ok {
		t.Error("Decode took a frame that is not IPv4")
	}
}

// An exchange as the tutorial makes it: every segment labelled with what
// it is and the call that made it; numbers from each side's SYN.
func TestNormalise(t *testing.T) {
	t.Parallel()
	const c, s = 40000, 5000
	var packets []Packet
	for _, f := range [][]byte{
		frame(c, s, 100, 0, flagSYN, nil, nil),
		frame(s, c, 900, 101, flagSYN|flagACK, nil, nil),
		frame(c, s, 101, 901, flagACK, nil, nil),
		frame(s, c, 901, 101, flagPSH|flagACK, nil, []byte("Server Message")),
		frame(c, s, 101, 915, flagACK, nil, nil),
		frame(s, c, 915, 101, flagFIN|flagACK, nil, nil),
		frame(c, s, 101, 916, flagFIN|flagACK, nil, nil),
		frame(s, c, 916, 102, flagACK, nil, nil),
	} {
		p, ok := Decode(f)
		if !ok {
			t.Fatal("Decode failed")
		}
		packets = append(packets, p)
	}
	got := Normalise(packets, s)
	want := []string{
		"client > server [S] seq 0 win 512 len 0  -- SYN: the client's connect()",
		"server > client [S.] seq 0 ack 1 win 512 len 0  -- SYN-ACK",
		"client > server [.] seq 1 ack 1 win 512 len 0  -- ACK: the handshake is done",
		`server > client [P.] seq 1 ack 1 win 512 len 14 "Server Message"  -- data, 14 bytes: the server's write()`,
		"client > server [.] seq 1 ack 15 win 512 len 0  -- ACK of the data",
		"server > client [F.] seq 15 ack 1 win 512 len 0  -- FIN: the server's close()",
		"client > server [F.] seq 1 ack 16 win 512 len 0  -- FIN: the client's exit",
		"server > client [.] seq 16 ack 2 win 512 len 0  -- the last ACK",
	}
	if len(got) != len(want) || !slices.EqualFunc(got, want, strings.HasPrefix) {
		t.Errorf("Normalise:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
}
