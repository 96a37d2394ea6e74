package sockettest

import (
	"strings"
	"testing"

	"tcpsocket/sockutil"
)

// A Usage is a command line that a program must refuse before it makes
// any socket, and what its one line on standard error must name.
type Usage struct {
	Args  []string
	Named string
}

// BadUsage are the command lines both programs refuse: bad -ip and -port
// values, unknown flags, stray arguments.
var BadUsage = []Usage{
	{[]string{"-ip", "999.1.1.1"}, `"999.1.1.1"`},
	{[]string{"-ip", "1.2.3"}, `"1.2.3"`},
	{[]string{"-ip", "localhost"}, `"localhost"`},
	{[]string{"-ip", ""}, `""`},
	{[]string{"-ip", "127.0.0.1x"}, `"127.0.0.1x"`},
	{[]string{"-ip", "255.255.255.255.1"}, `"255.255.255.255.1"`},
	{[]string{"-ip", "0x7f.0.0.1"}, `"0x7f.0.0.1"`},
	{[]string{"-ip", "127.1"}, `"127.1"`},
	{[]string{"-port", "65536"}, `"65536"`},
	{[]string{"-port", "-1"}, `"-1"`},
	{[]string{"-port", "http"}, `"http"`},
	{[]string{"-port", "18446744073709551617"}, `"18446744073709551617"`},
	{[]string{"-port", "80x"}, `"80x"`},
	{[]string{"-port", "+80"}, `"+80"`},
	{[]string{"-port", " 80"}, `" 80"`},
	{[]string{"-port", ""}, `""`},
	{[]string{"-port"}, "-port"},
	{[]string{"-verbose"}, `"-verbose"`},
	// Flag names are quoted as values are: a control character in one
	// must not reach the terminal raw, nor a newline make two lines.
	{[]string{"-\x1b[31mRED"}, `"-\x1b[31mRED"`},
	{[]string{"-=5000\n"}, `"-=5000\n"`},
	{[]string{"-port", "5000", "now"}, `"now"`},
	{[]string{"-", "x"}, `"-"`},
}

// CheckUsage runs prog with each command line: each must be refused with
// one line on standard error naming the bad value, exit status 64
// (EX_USAGE), nothing on standard output and no panic.
func CheckUsage(t *testing.T, prog string, cases []Usage) {
	t.Helper()
	for _, u := range cases {
		r := Run(t, prog, u.Args...)
		lines := strings.Split(strings.TrimSuffix(r.Stderr, "\n"), "\n")
		if r.Code != sockutil.ExitUsage || len(lines) != 1 || !strings.Contains(r.Stderr, u.Named) || r.Stdout != "" {
			t.Errorf("%s %q: %v; want exit 64 (EX_USAGE), one stderr line naming %s, no stdout", prog, u.Args, r, u.Named)
		}
		NoPanic(t, r)
	}
}

// FailureMatchesC checks a failure that the C and the Go programs meet
// alike: the C prints cLine and exits 1; the Go prints the same line with
// goAdds after it (the errno's text and name), then anything (a hint),
// and exits with the C's status.
func FailureMatchesC(t testing.TB, c, g Result, cLine, goAdds string) {
	t.Helper()
	if c.Code != 1 || c.Stdout != cLine+"\n" {
		t.Errorf("C: %v; want exit 1, stdout %q", c, cLine+"\n")
	}
	want := strings.TrimSuffix(c.Stdout, "\n") + goAdds + "\n"
	if g.Code != c.Code || !strings.HasPrefix(g.Stdout, want) {
		t.Errorf("Go: %v; want exit %d like the C, stdout starting %q", g, c.Code, want)
	}
	NoPanic(t, g)
}
