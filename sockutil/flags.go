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
)

// The tutorial's #defines, the defaults of -ip and -port.
const (
	defaultIP   = "127.0.0.1" // #define IP "127.0.0.1"
	defaultPort = 5000        // #define PORT 5000
)

// ParseIP checks an -ip value: an IPv4 address in dotted-decimal form, as
// the tutorial takes, or an IPv6 address (RFC 4291 text, such as ::1).
// Where the C's inet_addr(3) silently turns "999.1.1.1" into
// 255.255.255.255 (INADDR_NONE), this refuses it. It also refuses an IPv6
// address with a zone (fe80::1%eth0): a link-local address needs the
// interface's index in sin6_scope_id, and finding it by name is
// if_nametoindex(3), which is not a system call; and an IPv4-mapped IPv6
// address (::ffff:127.0.0.1), which is an IPv4 address in disguise.
func ParseIP(s string) (netip.Addr, error) {
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

// FlagSet is a flag.FlagSet for the programs: -h prints the usage with
// every default and the exit statuses to standard output and exits 0; any
// bad flag, value or stray argument is one line on standard error and exit
// status ExitUsage. The tutorial's programs define -ip and -port only.
type FlagSet struct {
	*flag.FlagSet
	synopsis string
	statuses []string // more exit statuses for -h, beyond the lesson's
}

// NewFlagSet returns an empty FlagSet for program, whose -h starts with
// synopsis.
func NewFlagSet(program, synopsis string) *FlagSet {
	fs := flag.NewFlagSet(program, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // Parse reports errors itself, in one line
	return &FlagSet{FlagSet: fs, synopsis: synopsis}
}

// IP4 defines the -ip flag of the tutorial, the C's #define IP: an IPv4
// address, as the four bytes of struct sockaddr_in's sin_addr, in network
// order (ParseIP; an IPv6 address is refused).
func (f *FlagSet) IP4() *[4]byte {
	addr, _ := ParseIP(defaultIP)
	ip := addr.As4()
	f.Var(ip4Value{&ip}, "ip", "IPv4 `address` in dotted-decimal form (the C's #define IP)")
	return &ip
}

// ListenPort defines a server's -port flag, the C's #define PORT: 0 to
// 65535, where 0 asks the kernel to choose a free port at bind(2).
func (f *FlagSet) ListenPort() *int {
	return f.Port(0, "TCP `port` to listen on (#define PORT); 0 lets the kernel choose one, which the tutorial's server does not print")
}

// ConnectPort defines a client's -port flag, the C's #define PORT: 1 to
// 65535, as a client cannot connect to port 0.
func (f *FlagSet) ConnectPort() *int {
	return f.Port(1, "TCP `port` to connect to (#define PORT)")
}

// Port defines the -port flag, checked by parsePort: from lowest (0 for a
// server, 1 for a client) to 65535.
func (f *FlagSet) Port(lowest int, usage string) *int {
	port := defaultPort
	f.Var(portValue{&port, lowest}, "port", usage)
	return &port
}

// ExitStatus adds an exit status to those that -h lists.
func (f *FlagSet) ExitStatus(status int, meaning string) {
	f.statuses = append(f.statuses, fmt.Sprintf("%d %s", status, meaning))
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
	for _, s := range f.statuses {
		fmt.Fprintf(w, ", %s", s)
	}
	fmt.Fprintf(w, "; %d is never this program's: the Go runtime's fatal error (a panic, out of memory, SIGQUIT).\n", exitRuntime)
}

type ip4Value struct{ ip *[4]byte }

func (v ip4Value) String() string {
	if v.ip == nil {
		return ""
	}
	return netip.AddrFrom4(*v.ip).String()
}

func (v ip4Value) Set(s string) error {
	addr, err := ParseIP(s)
	if err != nil {
		return errors.New("not a dotted-decimal IPv4 address")
	}
	if !addr.Is4() {
		return errors.New("an IPv6 address: the tutorial's programs use IPv4 (AF_INET, struct sockaddr_in); scripts/grownup's server and client take IPv6 too")
	}
	*v.ip = addr.As4()
	return nil
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
			msg += ": a client cannot connect to port 0"
		}
		return errors.New(msg)
	}
	*v.port = port
	return nil
}
