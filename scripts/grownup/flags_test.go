package grownup

import (
	"testing"
	"time"
)

// The -ip of the grown-up programs takes IPv6 too; the tutorial's refuses
// it (sockutil's TestFlagSetParse).
func TestIPTakesIPv6(t *testing.T) {
	t.Parallel()
	f := NewFlagSet("test", "")
	ip := f.IP()
	f.Parse([]string{"-ip", "::1"})
	if ip.String() != "::1" {
		t.Errorf("-ip ::1: got %v", ip)
	}
}

// -timeout 0 means none, however the zero is written; a duration that
// parses as 0 but is not written as one ("0.1ns") is refused, not taken
// for none.
func TestTimeoutZero(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"0", true}, {"0s", true}, {"0h0m", true}, {"0.0s", true}, {"00ms", true},
		{"0.1ns", false}, {"0h0m0.4ns", false}, {"1ms", true}, {"500us", false},
	} {
		var d time.Duration
		err := durationValue{&d}.Set(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("-timeout %q: %v, err %v; want accepted %v", tc.in, d, err, tc.ok)
		}
	}
}
