package grownup_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"tcpsocket/scripts/grownup"
	"tcpsocket/scripts/internal/sidebyside"
	"tcpsocket/scripts/readmetest"
	"tcpsocket/scripts/sockettest"
)

// The chapter README.md shows each thing the grown-up programs add to the
// tutorial by a run. Each block of it that shows a run is made by one test
// here (readme_linux_test.go for the runs that rest on Linux's rules), which
// runs the real programs over 127.0.0.1 on a free port, and fails when the
// block is not what the run prints. The blocks show the port as the
// tutorial's, 5000, and the commands as a learner types them, without the
// -port that the test adds. go test -run TestReadme -update rewrites them.

func TestMain(m *testing.M) { sockettest.Main(m) }

// readme is the chapter, from the repository's root.
const readme = "scripts/grownup/README.md"

var update = flag.Bool("update", false, "rewrite the blocks of "+readme+" from this run")

// blocks is every block of the chapter that shows a run, and the test
// that makes the run and checks it.
var blocks = map[string]string{
	"serve-one":       "TestReadmeServeN",
	"serve-n":         "TestReadmeServeN",
	"timewait":        "TestReadmeTimeWait",
	"reuseaddr":       "TestReadmeTimeWait",
	"server-timeout":  "TestReadmeServerTimeout",
	"reset-on-close":  "TestReadmeTalksFirst",
	"lingering-close": "TestReadmeTalksFirst",
	"stop-dies":       "TestReadmeStop",
	"stop-finishes":   "TestReadmeStop",
	"stop-cut":        "TestReadmeStop",
	"write-failure":   "TestReadmeWriteFailure",
	"emfile":          "TestReadmeShortOfDescriptors",
	"ipv6":            "TestReadmeIPv6",
	"client-timeout":  "TestReadmeClientTimeout",
	"flush":           "TestReadmeFlush",
}

// width is the widest line a code block of the chapter may have.
const width = 100

// A transcript is a run as a terminal shows it: "$ " and what a learner
// types, then what the programs printed. Job-control lines ("[1] 4242")
// are left out, and every port of the run is written 5000.
type transcript struct {
	t     *testing.T
	ports []int
	lines []string
}

func newTranscript(t *testing.T, ports ...int) *transcript {
	return &transcript{t: t, ports: ports}
}

// port adds a port of the run, to be written 5000.
func (tr *transcript) port(port int) { tr.ports = append(tr.ports, port) }

// cmd adds a command line.
func (tr *transcript) cmd(format string, args ...any) {
	tr.lines = append(tr.lines, "$ "+fmt.Sprintf(format, args...))
}

// out adds what a program printed, each of its ports written 5000. The
// grown-up server's readiness line, which it prints because the test gave
// it -port 0, and a learner's command does not, is left out.
func (tr *transcript) out(texts ...string) {
	for _, text := range texts {
		for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
			if line == "" || strings.HasPrefix(line, grownup.ListeningLine) {
				continue
			}
			for _, port := range tr.ports {
				line = regexp.MustCompile(`\b`+strconv.Itoa(port)+`\b`).ReplaceAllString(line, "5000")
			}
			tr.lines = append(tr.lines, line)
		}
	}
}

// status adds the line that the shell's echo $? prints for r: the exit
// status, or 128 and the signal's number for a program a signal ended
// (bash(1), EXIT STATUS).
func (tr *transcript) status(r sockettest.Result) {
	if r.Signal != 0 {
		tr.out(strconv.Itoa(128 + int(r.Signal)))
		return
	}
	tr.out(strconv.Itoa(r.Code))
}

// check fails the test unless the chapter's block name is this run, its
// lines wrapped to the chapter's width.
func (tr *transcript) check(name string) {
	tr.t.Helper()
	tr.checkNormalised(name, nil)
}

// checkNormalised is check for a run some of whose lines change from run
// to run: norm maps each line, the chapter's and the run's, to what must
// be the same.
func (tr *transcript) checkNormalised(name string, norm func(string) string) {
	tr.t.Helper()
	if blocks[name] != tr.t.Name() {
		tr.t.Fatalf("block %q is not listed in blocks as %s's", name, tr.t.Name())
	}
	lines := readmetest.Wrap(width, tr.lines...)
	if *update {
		rewrite(tr.t, name, lines)
		return
	}
	if norm == nil {
		readmetest.BlockIs(tr.t, readme, name, lines)
		return
	}
	readmetest.BlockIsNormalised(tr.t, readme, name, lines, norm)
}

var rewriting sync.Mutex

// rewrite puts lines into the chapter as its block name (-update).
func rewrite(t *testing.T, name string, lines []string) {
	t.Helper()
	rewriting.Lock()
	defer rewriting.Unlock()
	path := filepath.Join(sockettest.RepoRoot(t), readme)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := sidebyside.BlockPattern(name).FindSubmatchIndex(raw)
	if m == nil {
		t.Fatalf("%s has no %s block to rewrite", readme, name)
	}
	text := slices.Concat(raw[:m[4]], []byte(strings.Join(lines, "\n")+"\n"), raw[m[5]:])
	if err := os.WriteFile(path, text, 0o644); err != nil {
		t.Fatal(err)
	}
}

// grownUp starts the grown-up server with args and -port 0, and returns
// it once it has said where it listens (sockettest.StartServer): the
// kernel chose the port while the server held it, so nothing else can
// take it first.
func grownUp(t *testing.T, bin string, args ...string) *sockettest.Server {
	t.Helper()
	return sockettest.StartServer(t, bin, args...)
}

// tutorialServer starts bin, the tutorial's server, which cannot say
// which port the kernel chose, on a free port, and returns it and the
// port once it listens there (sockettest.StartListening).
func tutorialServer(t *testing.T, bin string, args ...string) (*sockettest.Process, int) {
	t.Helper()
	return sockettest.StartListening(t, func(port int) *sockettest.Process {
		return sockettest.Start(t, bin, append(args, "-port", strconv.Itoa(port))...)
	})
}

// A peer is bash(1) as the other end of a connection: its /dev/tcp
// (bash(1), REDIRECTION: "/dev/tcp/host/port") connects a socket, on
// descriptor 3, and bash reads from it only when told (cat <&3). It is
// how a learner, without nc(1), talks first, or holds a connection and
// reads nothing.
type peer struct {
	*sockettest.Process
	goAhead *os.File
}

// startPeer starts bash, which connects to 127.0.0.1:port, runs first,
// then waits for the test's go-ahead (peer.proceed) before it runs then;
// each is a command line of bash, or "".
func startPeer(t *testing.T, port int, first, then string) *peer {
	t.Helper()
	bash := sockettest.RequireTool(t, "bash")
	script := fmt.Sprintf("exec 3<>/dev/tcp/127.0.0.1/%d || exit; %s\nread -r _ || :\n%s", port, first, then)
	p := sockettest.Prepare(t, bash, "-c", script)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	p.Cmd.Stdin = r
	p.MustStart(t)
	r.Close()
	return &peer{p, w}
}

// proceed lets the peer run what it waits to run: its read(2) of the
// test's pipe returns end of file.
func (p *peer) proceed() { p.goAhead.Close() }

// The tutorial's server serves one client and exits; the next client is
// refused. -n 3 serves three, one after another, then exits 0.
func TestReadmeServeN(t *testing.T) {
	t.Parallel()
	tutorial, grown := sockettest.Build(t), sockettest.BuildGrownUp(t)

	srv, port := tutorialServer(t, tutorial.Server)
	tr := newTranscript(t, port)
	tr.cmd("bin/server &")
	tr.cmd("bin/client")
	tr.out(sockettest.Run(t, tutorial.Client, "-port", strconv.Itoa(port)).Stdout)
	tr.cmd("wait %%1; echo $?")
	tr.status(srv.MustWait(t))
	tr.cmd("bin/client")
	refused := sockettest.Run(t, tutorial.Client, "-port", strconv.Itoa(port))
	tr.out(refused.Stdout)
	if refused.Code != 1 {
		t.Errorf("the second client: %v; want exit 1, refused", refused)
	}
	tr.check("serve-one")

	many := grownUp(t, grown.Server, "-n", "3")
	tr = newTranscript(t, many.Port)
	tr.cmd("bin/grownup-server -n 3 &")
	tr.cmd("for i in 1 2 3; do bin/grownup-client; echo; done")
	for range 3 {
		tr.out(sockettest.Run(t, grown.Client, "-port", strconv.Itoa(many.Port)).Stdout)
	}
	tr.cmd("wait %%1; echo $?")
	tr.status(many.MustWait(t))
	tr.check("serve-n")
}

// A peer that connects and reads nothing: the server's write(2) waits
// once the kernel's buffers are full, and with -timeout (SO_SNDTIMEO,
// socket(7)) it gives up on that connection, says so, and exits 3. 64 MiB
// is more than the buffers of both sockets hold (tcp(7): tcp_wmem,
// tcp_rmem), so the write must wait.
//
// The server gives up after a few seconds, not one: while the peer's
// kernel still takes a little now and then, a write(2) that has sent some
// bytes when its timeout expires returns their count (socket(7),
// SO_SNDTIMEO), and the next write waits a second again.
func TestReadmeServerTimeout(t *testing.T) {
	t.Parallel()
	sockettest.Slow(t, "the server's -timeout takes a few seconds to expire")
	grown := sockettest.BuildGrownUp(t)
	srv := grownUp(t, grown.Server, "-size", "67108864", "-timeout", "1s")
	tr := newTranscript(t, srv.Port)
	tr.cmd("bin/grownup-server -size 67108864 -timeout 1s &")
	p := startPeer(t, srv.Port, "", "")
	tr.cmd("exec 3<>/dev/tcp/127.0.0.1/5000")
	r := srv.MustWait(t)
	tr.out(r.Stdout)
	tr.cmd("wait %%1; echo $?")
	tr.status(r)
	tr.cmd("exec 3<&-")
	p.proceed()
	if pr := p.MustWait(t); pr.Code != 0 || pr.Stdout+pr.Stderr != "" {
		t.Errorf("peer: %v; want exit 0, silent", pr)
	}
	tr.check("server-timeout")
}

// The tutorial's programs take IPv4 only; the grown-up ones take an IPv6
// -ip too, and make the same calls with AF_INET6 (ipv6(7)).
func TestReadmeIPv6(t *testing.T) {
	t.Parallel()
	sockettest.RequireIPv6(t)
	tutorial, grown := sockettest.Build(t), sockettest.BuildGrownUp(t)
	tr := newTranscript(t)
	tr.cmd("bin/server -ip ::1; echo $?")
	r := sockettest.Run(t, tutorial.Server, "-ip", "::1")
	tr.out(r.Stdout, r.Stderr)
	tr.status(r)
	srv := grownUp(t, grown.Server, "-ip", "::1")
	tr.port(srv.Port)
	tr.cmd("bin/grownup-server -ip ::1 &")
	tr.cmd("bin/grownup-client -ip ::1")
	tr.out(sockettest.Run(t, grown.Client, "-ip", "::1", "-port", strconv.Itoa(srv.Port)).Stdout)
	if r := srv.MustWait(t); r.Code != 0 {
		t.Errorf("server: %v", r)
	}
	tr.check("ipv6")
}

// A server that accepts and then sends nothing (here, one stopped by
// SIGSTOP: the kernel makes the handshake and queues the connection all the
// same, listen(2)) keeps the tutorial's client in read(2) for ever; the
// grown-up client's -timeout (SO_RCVTIMEO, socket(7)) ends the wait.
func TestReadmeClientTimeout(t *testing.T) {
	t.Parallel()
	tutorial, grown := sockettest.Build(t), sockettest.BuildGrownUp(t)
	srv, port := tutorialServer(t, tutorial.Server)
	tr := newTranscript(t, port)
	tr.cmd("bin/server &")
	tr.cmd("kill -STOP %%1")
	if err := srv.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	tr.cmd("bin/grownup-client -timeout 1s")
	tr.out(sockettest.Run(t, grown.Client, "-port", strconv.Itoa(port), "-timeout", "1s").Stdout)
	tr.cmd("kill -CONT %%1")
	if err := srv.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	srv.MustWait(t)
	tr.check("client-timeout")
}

// Every block of the chapter that shows a run is made and checked by a
// test, and every line of its code blocks fits in the chapter's width.
func TestReadmeBlocksAreChecked(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(filepath.Join(sockettest.RepoRoot(t), readme))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range regexp.MustCompile(`<!-- (\S+):begin -->`).FindAllStringSubmatch(string(raw), -1) {
		names = append(names, m[1])
		if blocks[m[1]] == "" {
			t.Errorf("%s's block %s is checked by no test: add it to blocks", readme, m[1])
		}
	}
	for name := range blocks {
		if !slices.Contains(names, name) {
			t.Errorf("%s has no block %s", readme, name)
		}
	}
	for i, part := range strings.Split(string(raw), "```") {
		if i%2 == 1 {
			sockettest.Fits(t, readme+", a code block", part, width)
		}
	}
}

// The chapter's last table names, for each addition, the code and the
// tests that show it: every file it links to is there, and every test it
// names is defined.
func TestReadmeTableNamesWhatIsThere(t *testing.T) {
	t.Parallel()
	root := sockettest.RepoRoot(t)
	raw, err := os.ReadFile(filepath.Join(root, readme))
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(raw), "\n## Where each one is, and its tests\n")
	if !ok {
		t.Fatalf("%s has no section ## Where each one is, and its tests", readme)
	}
	defined := testNames(t, root)
	rows := 0
	for _, line := range strings.Split(table, "\n") {
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| flag or behaviour") {
			continue
		}
		rows++
		for _, m := range regexp.MustCompile(`\]\(([^)#]+)`).FindAllStringSubmatch(line, -1) {
			if _, err := os.Stat(filepath.Join(root, filepath.Dir(readme), m[1])); err != nil {
				t.Errorf("the table links to %s, which is not there: %v", m[1], err)
			}
		}
		tests := regexp.MustCompile("`(Test\\w+)").FindAllStringSubmatch(line, -1)
		if len(tests) == 0 {
			t.Errorf("a row of the table names no test: %s", line)
		}
		for _, m := range tests {
			if !defined[m[1]] {
				t.Errorf("the table names %s, which no test file defines", m[1])
			}
		}
	}
	if rows < 10 {
		t.Errorf("the table has %d rows; want one for each flag and behaviour", rows)
	}
}

// testNames returns the name of every test function of the module.
func testNames(t *testing.T, root string) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	def := regexp.MustCompile(`(?m)^func (Test\w+)\(`)
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range def.FindAllStringSubmatch(string(src), -1) {
			names[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// readmetest.Wrap, which the checks above lean on, breaks a line at its
// last space within the width, and indents the rest.
func TestReadmeWrap(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"short", []string{"short"}},
		{"8 column", []string{"8 column"}},
		{"aaa bbb ccc", []string{"aaa bbb", "  ccc"}},
		{"aaaa bbbb cccc dddd", []string{"aaaa", "  bbbb", "  cccc", "  dddd"}},
		{"aaaaaaaaaaaa b", []string{"aaaaaaaaaaaa", "  b"}},
		{"aaaaaaaaaaaa", []string{"aaaaaaaaaaaa"}},
	} {
		if got := readmetest.Wrap(8, tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Wrap(8, %q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
