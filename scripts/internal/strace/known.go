package strace

import "regexp"

// A Known difference between a C call and a Go call is one that is
// understood: where the C and the Go lines match C and Go, Why says why
// they differ. A nil pattern stands for "no call on this side".
type Known struct {
	C, Go *regexp.Regexp
	Why   string
	Also  func(c, goLine string) bool // a further check, if set
}

// Explains reports whether k explains the difference between c and goLine.
func (k Known) Explains(c, goLine string) bool {
	return matches(k.C, c) && matches(k.Go, goLine) && (k.Also == nil || k.Also(c, goLine))
}

func matches(re *regexp.Regexp, line string) bool {
	if re == nil {
		return line == ""
	}
	return re.MatchString(line)
}

// XSys are the differences that x/sys/unix's Accept makes in every Go
// program that accepts: make compare and make exercise explain them so.
var XSys = []Known{
	{
		C:  regexp.MustCompile(`^accept\((\w+), NULL, NULL\) = (\w+)$`),
		Go: regexp.MustCompile(`^accept4\((\w+), \{sa_family=AF_INET6?, .*\}, \[(?:\d+ => )?\d+\], 0\) = (\w+)$`),
		Why: "x/sys/unix's Accept is accept4(fd, &rsa, &len, 0) on Linux (unix/syscall_linux.go, func Accept): " +
			"flags 0 make it accept(2); it asks for the peer's address, which the C's NULL, NULL does not",
		Also: sameSockets,
	},
	{
		Go: regexp.MustCompile(`^getsockopt\(\w+, SOL_SOCKET, SO_PROTOCOL, \[\d+\], \[4\]\) = 0$`),
		Why: "Accept turns the peer's address into a unix.Sockaddr with anyToSockaddr, which asks the socket's " +
			"protocol first (socketProtocol, unix/syscall_linux.go) to tell L2TP from TCP",
	},
}

var acceptFDs = regexp.MustCompile(`^accept4?\((\w+), .* = (\w+)$`)

// sameSockets reports whether two accept lines name the same listening
// socket and the same new one.
func sameSockets(c, goLine string) bool {
	a, b := acceptFDs.FindStringSubmatch(c), acceptFDs.FindStringSubmatch(goLine)
	return a != nil && b != nil && a[1] == b[1] && a[2] == b[2]
}
