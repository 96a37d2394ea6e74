package grownup

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"tcpsocket/sockutil"
)

// FlagSet is the tutorial's flag set (sockutil.FlagSet: -h, one-line usage
// errors, exit status 64) with what the grown-up programs add: an -ip that
// takes IPv6 as well, whole numbers in a range, and -timeout.
type FlagSet struct{ *sockutil.FlagSet }

// NewFlagSet returns an empty FlagSet for program, whose -h starts with
// synopsis.
func NewFlagSet(program, synopsis string) *FlagSet {
	return &FlagSet{sockutil.NewFlagSet(program, synopsis)}
}

// IP defines the -ip flag: an IPv4 address, as the tutorial's, or an IPv6
// address such as ::1 (sockutil.ParseIP).
func (f *FlagSet) IP() *netip.Addr {
	addr := netip.AddrFrom4([4]byte{127, 0, 0, 1}) // the C's #define IP
	f.Var(ipValue{&addr}, "ip", "IPv4 `address` in dotted-decimal form (the C's #define IP), or an IPv6 address such as ::1")
	return &addr
}

// Int defines a flag that takes a decimal whole number from min to max.
func (f *FlagSet) Int(name string, value, min, max int64, usage string) *int64 {
	n := value
	f.Var(intValue{&n, min, max}, name, usage)
	return &n
}

// Timeout defines the -timeout flag: a duration such as 2s or 500ms,
// from 1ms to 24h, or 0, the default, for none. A timeout of 0 is also what
// SO_RCVTIMEO and SO_SNDTIMEO take to mean "wait forever" (socket(7)), and
// anything under a microsecond would round to it, so the least is 1ms.
func (f *FlagSet) Timeout(usage string) *time.Duration {
	var d time.Duration
	f.Var(durationValue{&d}, "timeout", usage)
	return &d
}

type ipValue struct{ addr *netip.Addr }

func (v ipValue) String() string {
	if v.addr == nil || !v.addr.IsValid() {
		return ""
	}
	return v.addr.String()
}

func (v ipValue) Set(s string) (err error) {
	*v.addr, err = sockutil.ParseIP(s)
	return err
}

type durationValue struct{ d *time.Duration }

func (v durationValue) String() string {
	if v.d == nil {
		return ""
	}
	return v.d.String()
}

func (v durationValue) Set(s string) error {
	d, err := time.ParseDuration(s)
	// "0.1ns" parses as 0, which must not pass for "none": a zero is
	// written with no other digit than 0 ("0", "0s", "0h0m").
	zero := !strings.ContainsAny(s, "123456789")
	if err != nil || d < 0 || (d == 0 && !zero) || (d != 0 && (d < time.Millisecond || d > 24*time.Hour)) {
		return errors.New("not a duration from 1ms to 24h, such as 2s or 500ms, or 0 for none")
	}
	*v.d = d
	return nil
}

type intValue struct {
	n        *int64
	min, max int64
}

func (v intValue) String() string {
	if v.n == nil {
		return ""
	}
	return strconv.FormatInt(*v.n, 10)
}

func (v intValue) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < v.min || n > v.max || (len(s) > 0 && s[0] == '+') {
		return fmt.Errorf("not a whole number from %d to %d", v.min, v.max)
	}
	*v.n = n
	return nil
}
