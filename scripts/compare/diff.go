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
	// What -n other than 1 changes (scripts/grownup/server/stop.go,
	// stop_linux.go, accept_linux.go), in the order it comes.
	{
		C:  regexp.MustCompile(`^accept\(listenfd, NULL, NULL\) = connfd$`),
		Go: regexp.MustCompile(`^accept4\(listenfd, NULL, NULL, 0\) = connfd$`),
		Why: "-n 0: the C's call: accept4 with flags 0 is accept(2), and NULL, NULL asks for no address, " +
			"so none of the getsockopt that unix.Accept adds (scripts/grownup/server/accept_linux.go); " +
			"the listening socket stays blocking, as the C's, and a stop wakes accept(2) itself",
	},
	{
		Go: regexp.MustCompile(`^shutdown\(listenfd, SHUT_RD\) = 0$`),
		Why: "-n 0: SIGTERM: the signal's goroutine shuts the listening socket down for reading, " +
			"which on Linux wakes the accept(2) blocked on it (inet_shutdown, net/ipv4/af_inet.c); the loop decides to stop",
	},
	{
		Go: regexp.MustCompile(`^accept4\(listenfd, NULL, NULL, 0\) = -1 EINVAL \(Invalid argument\)$`),
		Why: "-n 0: the accept(2) that the shutdown woke fails with EINVAL, the listening socket no longer listening " +
			"(inet_csk_wait_for_connect, net/ipv4/inet_connection_sock.c): the stop, and the server exits",
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
