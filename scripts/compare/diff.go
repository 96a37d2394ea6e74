package main

import (
	"regexp"
	"slices"
	"strings"

	"tcpsocket/scripts/internal/sidebyside"
	"tcpsocket/scripts/internal/strace"
)

// The differences that are understood: x/sys/unix's (strace.XSys), then
// the port's own.
var explanations = slices.Concat(strace.XSys, []strace.Known{
	// What -n other than 1 adds (server/stop.go), in the order it comes.
	{
		Go: regexp.MustCompile(`^pipe2\(\[wake\[0\], wake\[1\]\], 0\) = 0$`),
		Why: "-n 0: the self-pipe (pipe(2); x/sys/unix's Pipe is pipe2 with flags 0), made before the socket, " +
			"with the SIGINT/SIGTERM handler, so that no stop is missed; the signal's goroutine writes to it",
	},
	{
		Go:  regexp.MustCompile(`^fcntl\(wake\[1\], F_[GS]ETFL(, O_WRONLY\|O_NONBLOCK)?\) = 0(x1 \(flags O_WRONLY\))?$`),
		Why: "-n 0: the pipe's write end is non-blocking (unix.SetNonblock: F_GETFL, then F_SETFL), so a storm of signals never blocks the handler",
	},
	{
		Go:  regexp.MustCompile(`^fcntl\(listenfd, F_[GS]ETFL(, O_RDWR\|O_NONBLOCK)?\) = 0(x2 \(flags O_RDWR\))?$`),
		Why: "-n 0: the listening socket is non-blocking, so accept(2) never waits; poll(2) does, where a stop can wake it",
	},
	{
		Go: regexp.MustCompile(`^ppoll\(\[\{fd=listenfd, events=POLLIN\}, \{fd=wake\[0\], events=POLLIN\}\], 2, NULL, NULL, 0\) = 1 \(\[\{fd=(listenfd|wake\[0\]), revents=POLLIN\}\]\)$`),
		Why: "-n 0: poll(2) (ppoll on Linux, in x/sys/unix) waits for a client in the listen queue or a byte on the self-pipe: " +
			"a client, and accept(2) follows; a stop, and the server exits",
	},
	{
		Go:  regexp.MustCompile(`^write\(wake\[1\], "\\1", 1\) = 1$`),
		Why: "-n 0: SIGTERM: the signal's goroutine wakes the loop through the self-pipe; the loop decides to stop",
	},
	{
		C:  regexp.MustCompile(`^write\(1, "Error : [^"]*\\n", \d+\) = \d+$`),
		Go: regexp.MustCompile(`^write\(1, "Error : [^"]*: [^"]* \(E[A-Z0-9]+\)\\n(?:hint: [^"]*\\n)?", \d+\) = \d+$`),
		Why: "the Go message is the C's, followed by the errno's text and name (sockutil.Message), " +
			"and for the errors a learner meets first (EADDRINUSE, ECONNREFUSED, EACCES) a hint line on what to do",
		Also: func(c, g string) bool {
			cMsg, gMsg := quoted(c), quoted(g)
			return strings.HasPrefix(gMsg, strings.TrimSuffix(cMsg, `\n`)+": ")
		},
	},
})

// ipv6Call rewrites an IPv6 call into the IPv4 call it stands for: AF_INET6
// for AF_INET, a struct sockaddr_in6 for ::1 (28 bytes) for the sockaddr_in
// of 127.0.0.1 (16 bytes).
func ipv6Call(line string) string {
	line = sockaddrIn6.ReplaceAllString(line, `{sa_family=AF_INET, sin_port=htons($1), sin_addr=inet_addr("127.0.0.1")}$2`)
	line = strings.ReplaceAll(line, "}, 28)", "}, 16)")
	line = strings.ReplaceAll(line, " => 28]", " => 16]")
	return strings.ReplaceAll(line, "AF_INET6", "AF_INET")
}

var sockaddrIn6 = regexp.MustCompile(`\{sa_family=AF_INET6, sin6_port=htons\((\w+)\), sin6_flowinfo=htonl\(0\), inet_pton\(AF_INET6, "::1", &sin6_addr\), sin6_scope_id=0\}(, 28\)|, \[\d+ => 28\])`)

// explain returns why a differing row differs, or "" if that is not known.
func explain(r row) string {
	if strings.Contains(r.Go, "AF_INET6") {
		if v4 := ipv6Call(r.Go); v4 == r.C {
			return "the same call for IPv6 (ipv6(7)): AF_INET6, and a struct sockaddr_in6 of 28 bytes for ::1"
		} else if why := explain(row{C: r.C, Go: v4}); why != "" {
			return why + "; over IPv6, with AF_INET6 and a struct sockaddr_in6"
		}
	}
	for _, k := range explanations {
		if k.Explains(r.C, r.Go) {
			return k.Why
		}
	}
	return ""
}

// quoted returns the first string argument of a strace line, unquoted of
// nothing: `write(1, "abc\n", 4) = 4` gives `abc\n`.
func quoted(line string) string {
	_, rest, _ := strings.Cut(line, `"`)
	s, _, _ := strings.Cut(rest, `"`)
	return s
}

// row is one line of the side-by-side comparison.
type row = sidebyside.Row

// Align lines up the C's and the Go's calls, each difference explained by
// explain where it is known (sidebyside.Align).
func align(c, g []string) []row { return sidebyside.Align(c, g, explain) }
