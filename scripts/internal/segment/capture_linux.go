package segment

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A Capture reads every frame on lo through a packet socket (packet(7):
// AF_PACKET, SOCK_RAW, ETH_P_ALL), as tcpdump does: Linux hands a Packet
// socket each frame that crosses the device. On loopback every frame
// crosses it twice, going out and coming in; the outgoing copy
// (PACKET_OUTGOING) is skipped, as libpcap skips it.
type Capture struct {
	fd      int
	mu      sync.Mutex
	packets []Packet
	whole   chan struct{} // closed once the exchange is complete (completeLocked)
	done    chan error
	stop    chan struct{}
	marks   chan []byte // the payloads of the datagrams to the discard port read (Sync)
}

func StartCapture(port uint16) (*Capture, error) {
	proto := int(htons(unix.ETH_P_ALL))
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, proto)
	if err != nil {
		return nil, fmt.Errorf("packet socket (needs CAP_NET_RAW in this network namespace): %w", err)
	}
	lo, err := unix.NewIfreq("lo")
	if err == nil {
		err = unix.IoctlIfreq(fd, unix.SIOCGIFINDEX, lo)
	}
	if err == nil {
		err = unix.Bind(fd, &unix.SockaddrLinklayer{Protocol: htons(unix.ETH_P_ALL), Ifindex: int(lo.Uint32())})
	}
	if err == nil {
		// A read that waits at most 50 ms, so that the loop sees stop.
		tv := unix.NsecToTimeval((50 * time.Millisecond).Nanoseconds())
		err = unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv)
	}
	if err == nil {
		// Each frame with the time the kernel took it in (socket(7),
		// SO_TIMESTAMPNS; the loopback device clears a segment's own
		// timestamp, so this is when it entered the receiving side):
		// make tour orders the segments among the kernel's record of
		// the states by it.
		err = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, 1)
	}
	if err == nil {
		err = awaitTimestamps(fd)
	}
	if err != nil {
		unix.Close(fd)
		return nil, err
	}
	c := &Capture{fd: fd, whole: make(chan struct{}), done: make(chan error, 1), stop: make(chan struct{}), marks: make(chan []byte, 16)}
	go c.read(port)
	return c, nil
}

func (c *Capture) read(port uint16) {
	buf := make([]byte, 1<<16)
	oob := make([]byte, unix.CmsgSpace(int(unsafe.Sizeof(unix.Timespec{}))))
	for {
		select {
		case <-c.stop:
			c.done <- nil
			return
		default:
		}
		n, oobn, _, from, err := unix.Recvmsg(c.fd, buf, oob, 0)
		if errors.Is(err, unix.EAGAIN) || errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			c.done <- err
			return
		}
		if ll, ok := from.(*unix.SockaddrLinklayer); ok && ll.Pkttype == unix.PACKET_OUTGOING {
			continue
		}
		if mark, ok := discarded(buf[:n]); ok {
			select {
			case c.marks <- mark:
			default: // no Sync waits for it
			}
			continue
		}
		if p, ok := Decode(buf[:n]); ok && (p.SrcPort == port || p.DstPort == port) {
			p.Time = stamp(oob[:oobn])
			c.mu.Lock()
			wasWhole := c.completeLocked()
			c.packets = append(c.packets, p)
			if !wasWhole && c.completeLocked() {
				close(c.whole)
			}
			c.mu.Unlock()
		}
	}
}

// Finish waits, at most a second, for the exchange's last segment (the
// ACK of the second FIN), then stops reading and returns the segments.
func (c *Capture) Finish() ([]Packet, error) {
	t := time.NewTimer(time.Second)
	select {
	case <-c.whole:
	case <-t.C:
	}
	t.Stop()
	close(c.stop)
	err := <-c.done
	unix.Close(c.fd)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err == nil && !c.completeLocked() {
		err = fmt.Errorf("the Capture has no closing handshake (%d segments)", len(c.packets))
	}
	return c.packets, err
}

// Sync returns once the capture has read every frame that the kernel took
// in on lo before Sync was called. It sends a datagram of its own on lo (UDP
// to the discard port, 9, where no one listens) and waits until the reading
// goroutine has read it, at most a second: the packet socket queues the
// frames in the order the kernel takes them in (packet_rcv, called for each
// as it is received: net/core/dev.c), so what came before the datagram has
// been read before it. Without it, a segment that the kernel had received
// during a call could still be in the socket's queue when make tour asked
// for the call's segments, and was shown with the next call's (make flakes:
// TestDiagram, 1 run in 20 with both CPUs busy).
func (c *Capture) Sync() error {
	udp, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("sync the capture: %w", err)
	}
	defer unix.Close(udp)
	mark := []byte(fmt.Sprintf("sync %d", time.Now().UnixNano()))
	if err := unix.Sendto(udp, mark, 0, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 9}); err != nil {
		return fmt.Errorf("sync the capture: %w", err)
	}
	timeout := time.NewTimer(time.Second)
	defer timeout.Stop()
	for {
		select {
		case got := <-c.marks:
			if string(got) == string(mark) {
				return nil
			}
		case <-timeout.C:
			return errors.New("sync the capture: its own datagram did not come back within a second")
		}
	}
}

// discarded returns the payload of an IPv4 UDP datagram to the discard
// port, 9, in an Ethernet frame: Sync's, or awaitTimestamps'.
func discarded(frame []byte) ([]byte, bool) {
	const eth = 14
	if len(frame) < eth+20 || frame[12] != 0x08 || frame[13] != 0x00 || frame[eth+9] != unix.IPPROTO_UDP {
		return nil, false
	}
	ihl := int(frame[eth]&0x0f) * 4
	if len(frame) < eth+ihl+8 || frame[eth+ihl+2] != 0 || frame[eth+ihl+3] != 9 {
		return nil, false
	}
	return slices.Clone(frame[eth+ihl+8:]), true
}

// Packets returns the segments captured so far.
func (c *Capture) Packets() []Packet {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.packets)
}

// completeLocked: two FINs, then a segment with nothing but an ACK.
func (c *Capture) completeLocked() bool {
	fins := 0
	for _, p := range c.packets {
		if p.Flags&flagFIN != 0 {
			fins++
		} else if fins == 2 && p.Flags == flagACK {
			return true
		}
	}
	return false
}

// awaitTimestamps waits until the kernel stamps frames as they come in.
// Asking for SO_TIMESTAMPNS turns the stamping on (net_enable_timestamp,
// net/core/dev.c), but later, from a work queue; until then a frame is
// stamped only when it is read, after the state changes it caused, which
// would put it out of order. So: UDP datagrams to a port no one has, on
// lo, until one comes stamped before its sendto(2) returned (at most a
// second: the work runs within milliseconds).
func awaitTimestamps(fd int) error {
	udp, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(udp)
	to := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 9} // discard: no one here
	buf := make([]byte, 1<<16)
	oob := make([]byte, unix.CmsgSpace(int(unsafe.Sizeof(unix.Timespec{}))))
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); {
		if err := unix.Sendto(udp, []byte("stamp?"), 0, to); err != nil {
			return err
		}
		sent := time.Now()
		for {
			n, oobn, _, from, err := unix.Recvmsg(fd, buf, oob, 0)
			if err != nil {
				break // EAGAIN after 50 ms: send again
			}
			if ll, ok := from.(*unix.SockaddrLinklayer); ok && ll.Pkttype == unix.PACKET_OUTGOING {
				continue
			}
			if _, ok := discarded(buf[:n]); ok {
				if !stamp(oob[:oobn]).After(sent) {
					return nil
				}
				break
			}
		}
	}
	return errors.New("the kernel does not stamp the frames as they come in (SO_TIMESTAMPNS)")
}

// stamp is the time in a SCM_TIMESTAMPNS message, or now.
func stamp(oob []byte) time.Time {
	msgs, _ := unix.ParseSocketControlMessage(oob)
	for _, m := range msgs {
		if m.Header.Level == unix.SOL_SOCKET && m.Header.Type == unix.SCM_TIMESTAMPNS && len(m.Data) >= int(unsafe.Sizeof(unix.Timespec{})) {
			ts := *(*unix.Timespec)(unsafe.Pointer(&m.Data[0]))
			return time.Unix(ts.Unix())
		}
	}
	return time.Now()
}

func htons(v uint16) uint16 { return v<<8 | v>>8 }
