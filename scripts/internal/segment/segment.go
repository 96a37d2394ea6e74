// Package segment captures the TCP segments on a network namespace's
// loopback (Linux: a packet socket), decodes them, names each one and the
// call that made it, and writes them as pcap: for make wire and make tour.
package segment

import (
	"encoding/binary"
	"fmt"
	"strings"
	"time"
)

// A Packet is one TCP segment as it was captured: its headers decoded, its
// numbers as they were on the wire.
type Packet struct {
	SrcPort, DstPort uint16
	Seq, Ack         uint32
	Flags            uint8 // the TCP header's flag bits (RFC 793, 3.1; RFC 9293)
	Window           uint16
	Options          string // decoded, the timestamps' values left out
	Payload          []byte
	Frame            []byte    // the whole frame, as captured (WritePcap)
	Time             time.Time // when it was read
}

// The TCP header's flag bits.
const (
	flagFIN = 1 << 0
	flagSYN = 1 << 1
	flagRST = 1 << 2
	flagPSH = 1 << 3
	flagACK = 1 << 4
)

// Decode reads an Ethernet frame as the loopback device carries it (14
// bytes of header, the addresses all zero), then the IPv4 header (RFC 791:
// its length in 32-bit words in the low nibble of its first byte, the
// protocol at byte 9, 6 for TCP), then the TCP header (RFC 9293, 3.1: the
// ports, sequence and acknowledgement numbers, the data offset in the high
// nibble of byte 12, the flags in byte 13, the window, the options up to
// the data offset). Anything else is not a TCP segment: ok is false. Why
// by hand, not with a Packet library: these are the three headers a learner
// reads about, each field at its place, and nothing else on this
// loopback needs decoding.
func Decode(frame []byte) (p Packet, ok bool) {
	const ethernet = 14
	if len(frame) < ethernet+20 || binary.BigEndian.Uint16(frame[12:14]) != 0x0800 {
		return p, false // not IPv4
	}
	ip := frame[ethernet:]
	ihl := int(ip[0]&0x0f) * 4
	total := int(binary.BigEndian.Uint16(ip[2:4]))
	if ip[0]>>4 != 4 || ip[9] != 6 || ihl < 20 || total > len(ip) || total < ihl+20 {
		return p, false
	}
	tcp := ip[ihl:total]
	offset := int(tcp[12]>>4) * 4
	if offset < 20 || offset > len(tcp) {
		return p, false
	}
	p = Packet{
		SrcPort: binary.BigEndian.Uint16(tcp[0:2]),
		DstPort: binary.BigEndian.Uint16(tcp[2:4]),
		Seq:     binary.BigEndian.Uint32(tcp[4:8]),
		Ack:     binary.BigEndian.Uint32(tcp[8:12]),
		Flags:   tcp[13],
		Window:  binary.BigEndian.Uint16(tcp[14:16]),
		Options: options(tcp[20:offset]),
		Payload: append([]byte(nil), tcp[offset:]...),
		Frame:   append([]byte(nil), frame...),
	}
	return p, true
}

// options decodes the TCP options (RFC 9293, 3.2; RFC 7323 for window
// scale and timestamps; RFC 2018 for SACK) as tcpdump names them. The
// timestamps' values differ from run to run and are left out: "TS".
func options(b []byte) string {
	var out []string
	for len(b) > 0 {
		kind := b[0]
		if kind == 0 { // end of the option list
			break
		}
		if kind == 1 {
			out = append(out, "nop")
			b = b[1:]
			continue
		}
		if len(b) < 2 || int(b[1]) < 2 || int(b[1]) > len(b) {
			out = append(out, fmt.Sprintf("bad option %d", kind))
			break
		}
		data := b[2:b[1]]
		switch {
		case kind == 2 && len(data) == 2:
			out = append(out, fmt.Sprintf("mss %d", binary.BigEndian.Uint16(data)))
		case kind == 3 && len(data) == 1:
			out = append(out, fmt.Sprintf("wscale %d", data[0]))
		case kind == 4:
			out = append(out, "sackOK")
		case kind == 8 && len(data) == 8:
			out = append(out, "TS")
		default:
			out = append(out, fmt.Sprintf("option %d", kind))
		}
		b = b[b[1]:]
	}
	return strings.Join(out, ",")
}

// Normalise turns a captured exchange into lines that two runs can be
// compared by: the server's port is PORT and the client's EPHEMERAL, shown
// as "client > server" or "server > client"; sequence and acknowledgement
// numbers are counted from each side's initial sequence number (its SYN's);
// each line ends with what the segment is and which call made it.
func Normalise(packets []Packet, serverPort uint16) []string {
	var clientISN, serverISN uint32
	var lines []string
	var st teardown
	for _, p := range packets {
		fromClient := p.DstPort == serverPort
		if p.Flags&flagSYN != 0 {
			if fromClient {
				clientISN = p.Seq
			} else {
				serverISN = p.Seq
			}
		}
		dir, seq, ack := "server > client", p.Seq-serverISN, p.Ack-clientISN
		if fromClient {
			dir, seq, ack = "client > server", p.Seq-clientISN, p.Ack-serverISN
		}
		line := fmt.Sprintf("%s [%s] seq %d", dir, flagString(p.Flags), seq)
		if p.Flags&flagACK != 0 {
			line += fmt.Sprintf(" ack %d", ack)
		}
		line += fmt.Sprintf(" win %d", p.Window)
		if p.Options != "" {
			line += " <" + p.Options + ">"
		}
		line += fmt.Sprintf(" len %d", len(p.Payload))
		if len(p.Payload) > 0 {
			line += fmt.Sprintf(" %q", p.Payload)
		}
		lines = append(lines, line+"  -- "+st.label(p, fromClient))
	}
	return lines
}

// flagString names the flags as tcpdump does: S SYN, F FIN, R RST, P PSH,
// and "." for ACK.
func flagString(f uint8) string {
	s := ""
	for _, fl := range []struct {
		bit  uint8
		name string
	}{{flagSYN, "S"}, {flagFIN, "F"}, {flagRST, "R"}, {flagPSH, "P"}, {flagACK, "."}} {
		if f&fl.bit != 0 {
			s += fl.name
		}
	}
	return s
}

// teardown follows the exchange through TCP's states (RFC 9293, 3.3.2) to
// say what each segment is and which call made it. The call is fixed by the
// protocol, not guessed from timing: only connect() sends a SYN, a
// listening socket's kernel answers it, write() sends data, close() (or
// exit, which closes every descriptor) sends a FIN, and the kernel sends
// the ACKs.
type teardown struct {
	handshake   int  // SYN, SYN-ACK, ACK seen
	serverFIN   bool // the server has sent its FIN
	clientFIN   bool
	lastACKSent bool
}

func (t *teardown) label(p Packet, fromClient bool) string {
	switch {
	case p.Flags&flagRST != 0:
		return "RST: a reset"
	case p.Flags&flagSYN != 0 && fromClient:
		t.handshake = 1
		return "SYN: the client's connect()"
	case p.Flags&flagSYN != 0:
		t.handshake = 2
		return "SYN-ACK: the server's kernel, for its listening socket; no accept() yet"
	case t.handshake == 2 && fromClient && len(p.Payload) == 0 && p.Flags&flagFIN == 0:
		t.handshake = 3
		return "ACK: the handshake is done; connect() returns, and accept() can"
	case len(p.Payload) > 0 && !fromClient && p.Flags&flagFIN != 0:
		t.serverFIN = true
		return "data and FIN: the server's write(), then its close()"
	case len(p.Payload) > 0 && !fromClient:
		return fmt.Sprintf("data, %d bytes: the server's write()", len(p.Payload))
	case p.Flags&flagFIN != 0 && !fromClient:
		t.serverFIN = true
		return "FIN: the server's close()"
	case p.Flags&flagFIN != 0 && fromClient:
		t.clientFIN = true
		if t.serverFIN {
			return "FIN: the client's exit closes its socket (it never calls close()); the server's FIN is acknowledged with it"
		}
		return "FIN: the client's exit closes its socket"
	case fromClient && t.serverFIN:
		return "ACK of the server's FIN: the client's kernel; read() returns 0"
	case fromClient:
		return "ACK of the data: the client's kernel"
	case t.clientFIN && !t.lastACKSent:
		t.lastACKSent = true
		return "the last ACK: the server's side, which sent the first FIN, waits in TIME_WAIT (60 s on Linux)"
	}
	return "ACK: the server's kernel"
}
