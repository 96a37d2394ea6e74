package sockutil

import (
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// Exit statuses, the same for both programs (and the grown-up ones). Each means one thing: 2 is
// not among them because the Go runtime exits 2 on its own fatal errors (a
// panic, running out of memory, the goroutine dump that SIGQUIT asks for),
// so a usage error takes sysexits(3)'s EX_USAGE, 64, instead.
const (
	ExitSuccess = 0  // the exchange completed
	exitFailure = 1  // a system call failed: the C's EXIT_FAILURE
	ExitUsage   = 64 // a bad flag or argument; no socket was made (EX_USAGE)
	// exitRuntime is never the programs' own: the Go runtime's fatal error.
	exitRuntime = 2
)

// Message formats what the tutorial's ErrorAndExit prints, followed by what
// went wrong, the way Kerrisk's errExit does it: the errno's text from
// strerror(3) and its name.
//
//	Error : Could not bind on Given IP: address already in use (EADDRINUSE)
//
// An error that carries no errno is printed with its own text; a nil error
// prints the tutorial's line alone.
func Message(what string, err error) string {
	if err == nil {
		return "Error : " + what
	}
	var errno unix.Errno
	if !errors.As(err, &errno) {
		return fmt.Sprintf("Error : %s: %v", what, err)
	}
	name := unix.ErrnoName(errno)
	if name == "" { // an errno this system has no name for: its text is its number
		return fmt.Sprintf("Error : %s: %v", what, errno)
	}
	return fmt.Sprintf("Error : %s: %v (%s)", what, errno, name)
}

// ErrorAndExit is the tutorial's ErrorAndExit with the errno added: it
// prints Message to standard output, where the C's printf goes, and exits
// with exitFailure. Where err carries a hint (Hint), a second line says
// what the user can do about it; both lines go out in one write. A program
// that buffers its own standard output must flush it first, as the C's
// exit(3) flushes stdio.
func ErrorAndExit(what string, err error) {
	text := Message(what, err) + "\n"
	var h hinted
	if errors.As(err, &h) {
		text += "hint: " + h.hint + "\n"
	}
	fmt.Fprint(os.Stdout, text)
	os.Exit(exitFailure)
}

// Hint returns err with a hint for ErrorAndExit to print under it: what a
// learner can do about an error met on the first day. Message still sees
// err's errno.
func Hint(err error, hint string) error { return hinted{err, hint} }

type hinted struct {
	error
	hint string
}

func (h hinted) Unwrap() error { return h.error }

// usageExit prints one line naming the bad value to standard error and
// exits with ExitUsage, like UNP's err_quit: there is no errno to report.
func usageExit(w io.Writer, program string, err error) {
	fmt.Fprintf(w, "%s: %v (see %s -h)\n", program, err, program)
	os.Exit(ExitUsage)
}
