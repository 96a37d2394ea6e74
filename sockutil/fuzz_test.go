package sockutil

import (
	"strconv"
	"testing"
)

// The seed corpus (the tables above, and the good values) runs in every go
// test; go test -fuzz=FuzzParseIP ./sockutil searches further.

// FuzzParseIP: ParseIP never panics, and what it accepts is an IPv4 address
// that prints back to the same dotted-decimal string (so nothing that
// inet_addr(3) would bend into another address), or an IPv6 address with
// no zone that is not IPv4-mapped.
func FuzzParseIP(f *testing.F) {
	for _, s := range append(badIPs, "127.0.0.1", "0.0.0.0", "255.255.255.255", "192.168.1.254", "::1", "2001:db8::8:800:200c:417a") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		addr, err := ParseIP(s)
		if err != nil {
			return
		}
		if addr.Is4() && addr.String() != s {
			t.Errorf("ParseIP(%q) = %v: accepted, but not the same dotted-decimal IPv4 address", s, addr)
		}
		if addr.Is6() && (addr.Zone() != "" || addr.Is4In6()) {
			t.Errorf("ParseIP(%q) = %v: accepted a zone or an IPv4-mapped address", s, addr)
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
		port, err := parsePort(s)
		if err != nil {
			return
		}
		for _, c := range s {
			if c < '0' || c > '9' {
				t.Fatalf("parsePort(%q) = %d: accepted a non-digit %q", s, port, c)
			}
		}
		if n, err := strconv.ParseUint(s, 10, 64); err != nil || n != uint64(port) || port > 65535 {
			t.Errorf("parsePort(%q) = %d; want its decimal value, at most 65535", s, port)
		}
	})
}
