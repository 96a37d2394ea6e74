package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Each explanation of a call of net's cites the Go source that makes it,
// and that text is there in this Go: a release that moves or drops it
// fails here, instead of leaving the explanation stale.
func TestNetExplanationsCiteGo(t *testing.T) {
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	for _, c := range netCalls {
		raw, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "src", c.file))
		if err != nil {
			t.Errorf("%q cites %s: %v", c.why, c.file, err)
			continue
		}
		if !strings.Contains(string(raw), c.text) {
			t.Errorf("%q cites %s, which no longer has %q (%s)", c.why, c.file, c.text, runtime.Version())
		}
	}
}

// A call of net's that no explanation covers, or one that changed so that
// its explanation no longer matches, is a '!' row and counts as
// unexplained (make compare-net then exits 1).
func TestNetUnexplainedCall(t *testing.T) {
	c := []string{"socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = sockfd", "+++ exited with 0 +++"}
	good := []string{"socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = sockfd", "+++ exited with 0 +++"}
	if rows := align3(c, c, good); unexplainedNet(rows) != 0 {
		t.Fatalf("the known call is unexplained: %+v", rows)
	}
	for name, net := range map[string][]string{
		"a new call":     {good[0], "setsockopt(sockfd, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0", good[1]},
		"a changed call": {"socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = sockfd", good[1]},
	} {
		rows := align3(c, c, net)
		var out strings.Builder
		printNet(&out, name, rows, 80)
		if unexplainedNet(rows) == 0 || !strings.Contains(out.String(), "\n! ") {
			t.Errorf("%s: %d unexplained; want some, marked !:\n%s", name, unexplainedNet(rows), out.String())
		}
	}
}
