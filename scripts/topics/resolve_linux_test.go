package topics_test

import (
	"bufio"
	"net/netip"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"tcpsocket/scripts/internal/strace"
	"tcpsocket/scripts/sockettest"
)

// Name resolution is the C library's work, not the kernel's: resolve
// calls getaddrinfo(3) for "localhost", and strace shows no call that
// resolves, only glibc opening /etc/nsswitch.conf (nsswitch.conf(5): the
// "hosts:" line says where to look) and /etc/hosts (hosts(5)), then the
// tutorial's socket() and connect() to the address it found. The run sends
// nothing off the machine: the test first checks that the files answer
// for localhost, before DNS is asked ("files" first on the hosts: line,
// and a loopback address for localhost in /etc/hosts), and skips if not.
// glibc also opens /etc/host.conf and /etc/resolv.conf, and tries the
// nscd daemon's socket; other C libraries differ there, so the block shows
// the lines every glibc makes.
func TestResolveLocalhost(t *testing.T) {
	t.Parallel()
	if why := filesAnswerLocalhost(); why != "" {
		t.Skipf("resolving localhost here could ask a DNS server: %s", why)
	}
	bin := sockettest.BuildGrownUp(t)
	srv := sockettest.StartServer(t, bin.Server)
	path := sockettest.RequireTool(t, "strace")
	file := t.TempDir() + "/trace"
	r := sockettest.Run(t, path, "-f", "-o", file, "-e", "trace=openat,socket,connect",
		compileC(t, "resolve"), strconv.Itoa(srv.Port))
	if sr := srv.MustWait(t); r.Code != 0 || r.Stdout != "Server Message" || sr.Code != 0 {
		t.Fatalf("resolve: %v; server: %v", r, sr)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := strace.Lines(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	got := []string{"$ strace -e trace=openat,socket,connect ./resolve PORT"}
	sockfd := "" // the socket's descriptor, named as the C names it
	for _, l := range lines {
		text := resultPad.ReplaceAllString(l.Text, ") = ")
		if n, ok := strings.CutPrefix(text, "socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = "); ok {
			sockfd, text = n, strings.TrimSuffix(text, n)+"sockfd"
		}
		if sockfd != "" {
			text = strings.Replace(text, "connect("+sockfd+",", "connect(sockfd,", 1)
		}
		if dns.MatchString(text) {
			t.Fatalf("resolve asked a DNS server: %s", text)
		}
		text = strings.ReplaceAll(text, "htons("+strconv.Itoa(srv.Port)+")", "htons(PORT)")
		switch {
		case strings.Contains(text, `"/etc/nsswitch.conf"`), strings.Contains(text, `"/etc/hosts"`),
			strings.HasPrefix(text, "socket(AF_INET,"), strings.HasPrefix(text, "connect(") && strings.Contains(text, "AF_INET,"),
			strings.HasPrefix(text, "+++"):
			got = append(got, text)
		}
	}
	want := []string{`openat(AT_FDCWD, "/etc/nsswitch.conf"`, `openat(AT_FDCWD, "/etc/hosts"`, "socket(AF_INET", "connect(", "+++ exited with 0 +++"}
	if len(got) != len(want)+1 {
		t.Fatalf("resolve's calls: %q; want %q", got, want)
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i+1], w) {
			t.Fatalf("resolve's calls: %q; want %q", got, want)
		}
	}
	got = slices.Insert(got, len(got)-1, "Server Message")
	showsRun(t, "resolve", got, look{})
}

// dns matches a call that would reach a DNS server: a UDP socket, or a
// connect to port 53.
var dns = regexp.MustCompile(`SOCK_DGRAM|htons\(53\)`)

// filesAnswerLocalhost says why "localhost" might not be answered from
// /etc/hosts before DNS is asked, or "" if it will be.
func filesAnswerLocalhost() string {
	f, err := os.Open("/etc/nsswitch.conf")
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	first := ""
	for sc := bufio.NewScanner(f); sc.Scan(); {
		if fields := strings.Fields(sc.Text()); len(fields) > 1 && fields[0] == "hosts:" {
			first = fields[1]
		}
	}
	if first != "files" {
		return "the hosts: line of /etc/nsswitch.conf does not start with files"
	}
	hosts, err := os.ReadFile("/etc/hosts")
	if err != nil {
		return err.Error()
	}
	for _, line := range strings.Split(string(hosts), "\n") {
		line, _, _ = strings.Cut(line, "#")
		fields := strings.Fields(line)
		if len(fields) < 2 || !slices.Contains(fields[1:], "localhost") {
			continue
		}
		if addr, err := netip.ParseAddr(fields[0]); err == nil && addr.Is4() && addr.IsLoopback() {
			return ""
		}
	}
	return "/etc/hosts has no IPv4 loopback address for localhost"
}
