package grownup

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// -timeout, on both programs, is not in the tutorial and off by default.
// socket(7): SO_RCVTIMEO and SO_SNDTIMEO bound how long a read(2) or a
// write(2) on the socket blocks; when the time runs out with nothing done,
// the call fails with EAGAIN (EWOULDBLOCK). Linux's connect(2) honours
// SO_SNDTIMEO as well, and fails with EINPROGRESS when it expires (the
// handshake goes on in the kernel; the client gives up on it). macOS and
// the BSDs keep their own connection timeout (about 75 s) for connect(2).

// SetTimeouts sets SO_RCVTIMEO and then SO_SNDTIMEO on fd to d: two
// setsockopt(2) calls.
func SetTimeouts(fd int, d time.Duration) error {
	tv := unix.NsecToTimeval(d.Nanoseconds())
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
		return err
	}
	return unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_SNDTIMEO, &tv)
}

// A timeoutError is an EAGAIN or EINPROGRESS that a -timeout caused, told
// in words: "nothing arrived for 2s: -timeout expired (SO_RCVTIMEO)".
type timeoutError struct {
	What   string        // what did not happen: "nothing arrived"
	After  time.Duration // the -timeout
	Option string        // SO_RCVTIMEO or SO_SNDTIMEO
}

func (e timeoutError) Error() string {
	return fmt.Sprintf("%s for %v: -timeout expired (%s)", e.What, e.After, e.Option)
}

// Timeout returns err as a timeoutError when it is what a timeout of d
// fails with (EAGAIN, or EINPROGRESS from connect), and err as it is
// otherwise, or when there is no timeout (d is 0).
func Timeout(err error, d time.Duration, what, option string) error {
	if d > 0 && (errors.Is(err, unix.EAGAIN) || errors.Is(err, unix.EWOULDBLOCK) || errors.Is(err, unix.EINPROGRESS)) {
		return timeoutError{What: what, After: d, Option: option}
	}
	return err
}
