package tcpstates

import (
	"testing"
)

// Parse reads the lines that the trace prints with the fields option
// (the format file of sock:inet_sock_set_state on Linux 6.18: skaddr,
// oldstate, newstate, sport, dport, ...; the states' numbers as in
// include/net/tcp_states.h).
func TestParse(t *testing.T) {
	for _, c := range []struct {
		name, line string
		want       Event
		ok         bool
	}{
		{"a call's, in process context",
			"         python3-17180   [001] .....  3424.588162: inet_sock_set_state: skaddr=0xffff8881094ed340 (-131387188391104) oldstate=0x7 (7) newstate=0x2 (2) sport=0x0 (0) dport=0x1388 (5000) family=0x2 (2) protocol=0x6 (6) saddr=0x100007f (16777343) daddr=0x100007f (16777343) saddr_v6=<INVALID-SIZE> daddr_v6=<INVALID-SIZE>",
			Event{PID: 17180, Sk: "0xffff8881094ed340", Old: "CLOSED", New: "SYN-SENT", DPort: 5000}, true},
		{"a segment's, in softirq",
			"         python3-17180   [001] ..s2.  3424.588321: inet_sock_set_state: skaddr=0xffff8881094ec0c0 (-131387188395840) oldstate=0x5 (5) newstate=0x7 (7) sport=0x1388 (5000) dport=0xe63a (58938) family=0x2 (2)",
			Event{PID: 17180, Softirq: true, Sk: "0xffff8881094ec0c0", Old: "FIN-WAIT-2", New: "CLOSED", SPort: 5000, DPort: 58938}, true},
		{"a task whose name has a space",
			"   kworker/u4:1 x-42   [000] ..s1.  1.000001: inet_sock_set_state: skaddr=0x1 (1) oldstate=0x1 (1) newstate=0x8 (8) sport=0x1 (1) dport=0x2 (2)",
			Event{PID: 42, Softirq: true, Sk: "0x1", Old: "ESTAB", New: "CLOSE-WAIT", SPort: 1, DPort: 2}, true},
		{"the header", "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION", Event{}, false},
		{"another event", "  a-1 [000] ..... 1.0: sys_enter: NR 1", Event{}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := Parse(c.line)
			if ok != c.ok || got != c.want {
				t.Errorf("Parse(%q)\n = %+v, %v\nwant %+v, %v", c.line, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestName(t *testing.T) {
	for state, want := range map[int]string{1: "ESTAB", 4: "FIN-WAIT-1", 9: "LAST-ACK", 10: "LISTEN", 12: "NEW-SYN-RECV", 99: "99"} {
		if got := Name(state); got != want {
			t.Errorf("Name(%d) = %q, want %q", state, got, want)
		}
	}
}
