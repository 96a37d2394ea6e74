package sockutil

import (
	"flag"
	"net/netip"
	"strings"
	"testing"
)

// badIPs are -ip values that must be refused: the C's inet_addr(3) turns
// most of them into some address without a word.
var badIPs = []string{
	"", " ", "999.1.1.1", "256.0.0.1", "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3",
	"01.2.3.4", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4x", "0x7f.0.0.1", "127.1",
	"2130706433", "localhost", "example.com", "-1.0.0.0", "1..2.3",
	"::ffff:127.0.0.1", "fe80::1%lo", "fe80::1%1", "[::1]", "[127.0.0.1]", "127.0.0.1:80",
	"255.255.255.255x", ":::1", "::1::", "1:2:3:4:5:6:7:8:9", "::g", "::1/128",
}

func TestParseIP(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"127.0.0.1", "0.0.0.0", "255.255.255.255", "10.1.2.3", "::1", "::", "2001:db8::1"} {
		addr, err := ParseIP(s)
		if err != nil || addr.String() != s {
			t.Errorf("ParseIP(%q) = %v, %v; want %s, nil", s, addr, err, s)
		}
	}
	for _, s := range badIPs {
		if addr, err := ParseIP(s); err == nil {
			t.Errorf("ParseIP(%q) = %v, nil; want an error", s, addr)
		}
	}
}

// badPorts are -port values that must be refused.
var badPorts = []string{
	"", " ", "-1", "65536", "70000", "99999999999999999999", "+80", "80 ",
	" 80", "80x", "0x50", "8e1", "5000.0", "http", "١٢٣",
}

func TestParsePort(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]int{"0": 0, "1": 1, "5000": 5000, "65535": 65535} {
		if got, err := parsePort(s); err != nil || got != want {
			t.Errorf("parsePort(%q) = %d, %v; want %d, nil", s, got, err, want)
		}
	}
	for _, s := range badPorts {
		if got, err := parsePort(s); err == nil {
			t.Errorf("parsePort(%q) = %d, nil; want an error", s, got)
		}
	}
}

func TestFlagSetParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		wantIP   string
		wantPort int
		wantErr  string // a substring of the error; "" for none
	}{
		{name: "defaults are the C's #defines", args: nil, wantIP: "127.0.0.1", wantPort: 5000},
		{name: "both set", args: []string{"-ip", "10.0.0.1", "-port", "0"}, wantIP: "10.0.0.1", wantPort: 0},
		{name: "IPv6 refused: the tutorial is IPv4", args: []string{"-ip", "::1"}, wantErr: `"::1"`},
		{name: "equals form", args: []string{"-port=65535"}, wantIP: "127.0.0.1", wantPort: 65535},
		{name: "bad ip named", args: []string{"-ip", "999.1.1.1"}, wantErr: `"999.1.1.1"`},
		{name: "bad port named", args: []string{"-port", "70000"}, wantErr: `"70000"`},
		{name: "missing value", args: []string{"-port"}, wantErr: "-port"},
		{name: "unknown flag", args: []string{"-backlog", "5"}, wantErr: "-backlog"},
		{name: "stray argument", args: []string{"5000"}, wantErr: `"5000"`},
		{name: "stray argument after flags", args: []string{"-port", "1", "extra"}, wantErr: `"extra"`},
		{name: "help", args: []string{"-h"}, wantErr: flag.ErrHelp.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := NewFlagSet("test", "")
			ip, port := f.IP4(), f.Port(0, "")
			err := f.parse(tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parse(%q) error = %v; want one containing %s", tt.args, err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("parse(%q) error is more than one line: %q", tt.args, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parse(%q) = %v", tt.args, err)
			}
			if netip.AddrFrom4(*ip).String() != tt.wantIP || *port != tt.wantPort {
				t.Errorf("parse(%q): ip %v, port %d; want %s, %d", tt.args, *ip, *port, tt.wantIP, tt.wantPort)
			}
		})
	}
}

func TestUsageShowsDefaults(t *testing.T) {
	t.Parallel()
	f := NewFlagSet("test", "synopsis")
	f.IP4()
	f.Port(0, "the `port`")
	var b strings.Builder
	f.usage(&b)
	for _, want := range []string{"(default 127.0.0.1)", "(default 5000)", "synopsis", "Exit status"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, b.String())
		}
	}
}
