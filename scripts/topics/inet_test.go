package topics_test

import (
	"fmt"
	"strings"
	"testing"

	"tcpsocket/scripts/sockettest"
)

// The loose forms that inet_addr(3) takes and inet_pton(3) refuses. Both
// are POSIX (XBD, inet_addr: "a.b.c", "a.b", "a", and parts in octal or
// hexadecimal as in C; inet_pton: "ddd.ddd.ddd.ddd", each ddd one to three
// decimal digits), so the table is the same on every system.
var looseForms = []string{"1.2.3", "127.1", "0x7f.0.0.1", "010.0.0.1", "999.1.1.1"}

// c/inet.c prints what inet_addr and inet_pton make of each string; the
// tutorial's Go server, whose -ip goes through net/netip, refuses every
// loose form with the usage status, 64, and names the value.
func TestInetPton(t *testing.T) {
	t.Parallel()
	r := sockettest.Run(t, compileC(t, "inet"))
	if r.Code != 0 {
		t.Fatalf("inet: %v", r)
	}
	lines := append([]string{"$ ./inet"}, strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n")...)
	showsRun(t, "inet", lines, look{})

	bin := sockettest.Build(t)
	got := []string{`$ for ip in ` + strings.Join(looseForms, " ") + `; do`,
		`>   bin/server -ip $ip 2>/dev/null; echo "$ip: exit $?"; done`}
	for _, ip := range looseForms {
		r := sockettest.RunFailing(t, bin.Server, "-ip", ip)
		want := fmt.Sprintf(`server: invalid value %q for flag -ip: not a dotted-decimal IPv4 address`, ip)
		if !strings.HasPrefix(r.Stderr, want) || r.Stdout != "" {
			t.Errorf("bin/server -ip %s: %v; want stderr starting %q", ip, r, want)
		}
		got = append(got, fmt.Sprintf("%s: exit %d", ip, r.Code))
	}
	showsRun(t, "inet-go", got, look{})
}
