package sockutil

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"
)

// The tutorial's #defines, the defaults of -ip and -port.
const (
	defaultIP   = "127.0.0.1" // #define IP "127.0.0.1"
	defaultPort = 5000        // #define PORT 5000
)

// parseIP checks an -ip value: an IPv4 address in dotted-decimal form, as
// the tutorial takes, or an IPv6 address (RFC 4291 text, such as ::1).
// Where the C's inet_addr(3) silently turns "999.1.1.1" into
// 255.255.255.255 (INADDR_NONE), this refuses it. It also refuses an IPv6
// address with a zone (fe80::1%eth0): a link-local address needs the
// interface's index in sin6_scope_id, and finding it by name is
// if_nametoindex(3), which is not a system call; and an IPv4-mapped IPv6
// address (::ffff:127.0.0.1), which is an IPv4 address in disguise.
func parseIP(s string) (netip.Addr, error) {
	addr, err := netip.ParseAddr(s)
	switch {
	case err != nil:
		return netip.Addr{}, errors.New("not a dotted-decimal IPv4 address or an IPv6 address")
	case addr.Zone() != "":
		return netip.Addr{}, errors.New("an IPv6 address with a zone, which this program does not take: use a global or loopback address")
	case addr.Is4In6():
		return netip.Addr{}, fmt.Errorf("an IPv4-mapped IPv6 address: use %s", addr.Unmap())
	}
	return addr, nil
}

// parsePort checks a -port value: a decimal number from 0 to 65535. Port 0
// asks the kernel to choose a free port at bind(2), see ip(7).
func parsePort(s string) (int, error) {
	port, err := strconv.ParseUint(s, 10, 16)
	if err != nil {
		return 0, errors.New("not a port number from 0 to 65535")
	}
	return int(port), nil
}

// FlagSet is a flag.FlagSet for the tutorial's programs: -h prints the usage
// with every default to standard output and exits 0; any bad flag, value or
// stray argument is one line on standard error and exit status ExitUsage.
type FlagSet struct {
	*flag.FlagSet
	synopsis string
}

// NewFlagSet returns an empty FlagSet for program, whose -h starts with
// synopsis.
func NewFlagSet(program, synopsis string) *FlagSet {
	fs := flag.NewFlagSet(program, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // Parse reports errors itself, in one line
	return &FlagSet{FlagSet: fs, synopsis: synopsis}
}

// IP defines the -ip flag, checked by parseIP.
func (f *FlagSet) IP() *netip.Addr {
	addr, _ := parseIP(defaultIP)
	f.Var(ipValue{&addr}, "ip", "IPv4 `address` in dotted-decimal form (the C's #define IP), or an IPv6 address such as ::1")
	return &addr
}

// Port defines the -port flag, checked by parsePort.
// The lowest port is 0 for a server, which asks the kernel for a free
// port with it, and 1 for a client, which cannot connect to port 0.
func (f *FlagSet) Port(lowest int, usage string) *int {
	port := defaultPort
	f.Var(portValue{&port, lowest}, "port", usage)
	return &port
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

// Fail reports a bad combination of flags, one line on standard error, and
// exits with ExitUsage.
func (f *FlagSet) Fail(format string, a ...any) {
	usageExit(os.Stderr, f.Name(), fmt.Errorf(format, a...))
}

// Parse parses the command line args (without the program name) and exits
// if they are not what the program takes.
func (f *FlagSet) Parse(args []string) {
	err := f.parse(args)
	switch {
	case err == nil:
		return
	case errors.Is(err, flag.ErrHelp):
		f.usage(os.Stdout)
		os.Exit(ExitSuccess)
	default:
		usageExit(os.Stderr, f.Name(), err)
	}
}

func (f *FlagSet) parse(args []string) error {
	if err := f.FlagSet.Parse(args); err != nil {
		return quoteName(err)
	}
	if f.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: this program takes flags only", f.Arg(0))
	}
	return nil
}

// quoteName quotes, as %q quotes a value, the flag name that the flag
// package's two errors about an unknown flag print as given: a control
// character in it must not reach the terminal raw, nor a newline make two
// lines.
func quoteName(err error) error {
	for _, prefix := range []string{"flag provided but not defined: ", "bad flag syntax: "} {
		if name, ok := strings.CutPrefix(err.Error(), prefix); ok {
			return fmt.Errorf("%s%q", prefix, name)
		}
	}
	return err
}

func (f *FlagSet) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s [flags]\n\n%s\n\nFlags:\n", f.Name(), f.synopsis)
	f.SetOutput(w)
	f.PrintDefaults()
	f.SetOutput(io.Discard)
	fmt.Fprintf(w, "\nExit status: %d success, %d a system call failed (the message names the errno), %d bad usage (EX_USAGE)",
		ExitSuccess, exitFailure, ExitUsage)
	if f.Lookup("n") != nil {
		fmt.Fprintf(w, ", %d served, but a connection failed or was cut (each one printed)", ExitConnFailed)
	}
	fmt.Fprintf(w, "; %d is never this program's: the Go runtime's fatal error (a panic, out of memory, SIGQUIT).\n", exitRuntime)
}

type ipValue struct{ addr *netip.Addr }

func (v ipValue) String() string {
	if v.addr == nil || !v.addr.IsValid() {
		return ""
	}
	return v.addr.String()
}

func (v ipValue) Set(s string) (err error) {
	*v.addr, err = parseIP(s)
	return err
}

type portValue struct {
	port   *int
	lowest int
}

func (v portValue) String() string {
	if v.port == nil {
		return ""
	}
	return strconv.Itoa(*v.port)
}

func (v portValue) Set(s string) error {
	port, err := parsePort(s)
	if err != nil || port < v.lowest {
		msg := fmt.Sprintf("not a port number from %d to 65535", v.lowest)
		if err == nil {
			// A client's -port 0: the kernel refuses a connect to port 0
			// (ECONNREFUSED on Linux).
			msg += ": a client cannot connect to port 0; the server's -port 0 says which port it got"
		}
		return errors.New(msg)
	}
	*v.port = port
	return nil
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
