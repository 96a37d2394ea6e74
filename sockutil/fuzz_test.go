package sockutil

import (
	"strconv"
	"testing"
)

// The seed corpus (the tables above, and the good values) runs in every go
// test; go test -fuzz=FuzzParseIP ./sockutil searches further.

// FuzzParseIP: ParseIP never panics, and accepts only what prints back to
// itself as a dotted-decimal IPv4 address, which no string that
// inet_addr(3) would bend into something else does.
func FuzzParseIP(f *testing.F) {
	for _, s := range append(badIPs, "127.0.0.1", "0.0.0.0", "255.255.255.255", "192.168.1.254") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		addr, err := ParseIP(s)
		if err != nil {
			return
		}
		if !addr.Is4() || addr.String() != s {
			t.Errorf("ParseIP(%q) = %v: accepted, but not the same dotted-decimal IPv4 address", s, addr)
		}
	})
}

// FuzzParsePort: ParsePort never panics, and accepts only ASCII decimal
// digits whose value is 0 to 65535.
func FuzzParsePort(f *testing.F) {
	for _, s := range append(badPorts, "0", "1", "5000", "65535", "00080") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		port, err := ParsePort(s)
		if err != nil {
			return
		}
		for _, c := range s {
			if c < '0' || c > '9' {
				t.Fatalf("ParsePort(%q) = %d: accepted a non-digit %q", s, port, c)
			}
		}
		if n, err := strconv.ParseUint(s, 10, 64); err != nil || n != uint64(port) || port > 65535 {
			t.Errorf("ParsePort(%q) = %d; want its decimal value, at most 65535", s, port)
		}
	})
}
