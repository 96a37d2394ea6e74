package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"tcpsocket/scripts/internal/netns"
	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/readmetest"
	"tcpsocket/scripts/sockettest"
)

// checker is the exercises command, built by TestMain: the tests run it
// as a learner does, from the repository's root.
var checker string

func TestMain(m *testing.M) {
	lab.HandleInterrupts()
	dir, err := lab.TempDir("exercise-test")
	if err == nil {
		err = lab.BuildGo(dir, "tcpsocket/scripts/exercises")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		lab.Exit(1)
	}
	checker = filepath.Join(dir, "exercises")
	lab.Exit(m.Run())
}

// runChecker runs the checker with args in the repository's root.
func runChecker(t *testing.T, args ...string) sockettest.Result {
	t.Helper()
	p := sockettest.Prepare(t, checker, args...)
	p.Cmd.Dir = sockettest.RepoRoot(t)
	r := p.MustRun(t)
	sockettest.NoPanic(t, r)
	return r
}

// checks bounds how many checks run at once: each waits more than it
// works (the peers' pauses, the servers' stops), so more of them than go
// test runs parallel tests, which is one a CPU.
var checks = make(chan struct{}, 4)

// launch starts the checker with args in the repository's root, at most
// cap(checks) at once, and returns where its result will be: a check that
// could not run has its error on standard error, and exit -1.
func launch(t *testing.T, args ...string) <-chan sockettest.Result {
	root := sockettest.RepoRoot(t)
	out := make(chan sockettest.Result, 1)
	go func() {
		checks <- struct{}{}
		defer func() { <-checks }()
		// Its bound is twice a process's: with every CPU busy, a check
		// waits for CPU as well as for its peers; the check bounds its own
		// waits, and a check killed leaves its namespace's programs.
		p := lab.New(2*lab.Timeout, append([]string{checker}, args...)...)
		p.Cmd.Dir = root
		r, err := p.Run()
		if err != nil {
			r.Code, r.Stderr = -1, r.Stderr+"\n"+err.Error()
		}
		out <- r
	}()
	return out
}

// awaitCheck waits for a check that launch started.
func awaitCheck(t *testing.T, c <-chan sockettest.Result) sockettest.Result {
	t.Helper()
	r := <-c
	sockettest.NoPanic(t, r)
	return r
}

// needsLab skips the test where the checker cannot run: under an
// emulator, whose own system calls would be in every trace; where strace
// or a network namespace is missing (a failure under CI).
func needsLab(t *testing.T) {
	t.Helper()
	if lab.Emulator != "" {
		t.Skip("the checker compares system calls, and qemu-user makes its own: the native make test checks the exercises")
	}
	sockettest.RequireTool(t, "strace")
	sockettest.RequireTool(t, "cc")
	sockettest.RequireTool(t, "ss")
	sockettest.RequireTool(t, "unshare")
}

// make exercise lists the eight, in the order, in 80 columns.
func TestList(t *testing.T) {
	t.Parallel()
	r := runChecker(t)
	if r.Code != 0 {
		t.Fatalf("the list: %v", r)
	}
	var names []string
	for _, m := range regexp.MustCompile(`(?m)^ ?\d+\. (\S+) `).FindAllStringSubmatch(r.Stdout, -1) {
		names = append(names, m[1])
	}
	want := []string{"forever", "echo", "ephemeral", "client-closes-first", "half-close", "udp", "poll", "goroutines"}
	if !slices.Equal(names, want) {
		t.Errorf("listed %q; want %q\n%s", names, want, r.Stdout)
	}
	sockettest.Fits(t, "make exercise", r.Stdout, 80)
	readmetest.BlockIs(t, filepath.Join(dir, "README.md"), "exercise-list", strings.Split(strings.TrimSpace(r.Stdout), "\n"))
	for _, name := range want {
		for _, f := range []string{"README.md", "main.go", filepath.Join("..", "answers", name, "main.go")} {
			if _, err := os.Stat(filepath.Join(name, f)); err != nil {
				t.Errorf("exercise %s: %v", name, err)
			}
		}
	}
}

// A name that is no exercise, or two names: exit 64, one line that names
// what was given.
func TestNoSuchExercise(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"echoo"}, {"echo", "udp"}} {
		r := runChecker(t, args...)
		lines := strings.Split(strings.TrimSpace(r.Stderr), "\n")
		if r.Code != exitUsage || len(lines) != 1 || !strings.Contains(lines[0], args[0]) {
			t.Errorf("%q: %v; want exit %d and one line naming it", args, r, exitUsage)
		}
	}
}

// Every exercise both ways: the untouched starting point fails, with a
// verdict and a hint; the Go answer passes, every difference from the C
// reference explained. Each in 80 columns. Under -short, forever alone,
// the README's example.
func TestExercises(t *testing.T) {
	needsLab(t)
	for _, ex := range exercises {
		if testing.Short() && ex.name != "forever" {
			t.Run(ex.name, func(t *testing.T) { sockettest.Slow(t, "exercise "+ex.name+" both ways (-short checks forever)") })
			continue
		}
		starting := launch(t, "-width", "80", ex.name)
		answering := launch(t, "-width", "80", "-pkg", filepath.Join(dir, "answers", ex.name), ex.name)
		t.Run(ex.name, func(t *testing.T) {
			t.Parallel()
			start := awaitCheck(t, starting)
			noNamespace(t, start)
			if start.Code != exitFail {
				t.Fatalf("the starting point: exit %d; want %d; its report, whole:\n%s%s", start.Code, exitFail, start.Stdout, start.Stderr)
			}
			verdict(t, "the starting point", start.Stdout, "FAIL: ")
			sockettest.Fits(t, "the starting point's check", start.Stdout, 80)

			answer := awaitCheck(t, answering)
			if answer.Code != exitPass {
				t.Fatalf("the Go answer: exit %d; want %d; its report, whole:\n%s%s", answer.Code, exitPass, answer.Stdout, answer.Stderr)
			}
			verdict(t, "the Go answer", answer.Stdout, "PASS: ")
			if ex.name == "forever" { // the README's example
				readmetest.QuotesIn(t, filepath.Join(dir, "README.md"), "exercise-fail", start.Stdout)
				readmetest.QuotesIn(t, filepath.Join(dir, "README.md"), "exercise-pass", answer.Stdout)
			}
			if strings.Contains(strings.Join(strings.Fields(answer.Stdout), " "), whyUnchecked) {
				t.Errorf("the Go answer differs from the C reference where nothing explains it:\n%s", answer.Stdout)
			}
			sockettest.Fits(t, "the Go answer's check", answer.Stdout, 80)
		})
	}
}

// noNamespace skips the test (fails it under CI) where the check could not
// run for want of a network namespace: unshare(1) refused, as on a machine
// that forbids unprivileged user namespaces.
func noNamespace(t *testing.T, r sockettest.Result) {
	t.Helper()
	if strings.Contains(r.Stdout, netns.ErrUnavailable.Error()) {
		sockettest.Missing(t, strings.TrimSpace(r.Stdout))
	}
}

// verdict checks the end of a check's output: a line starting with
// prefix, and after a failure a hint that names a man page or a call.
func verdict(t *testing.T, what, out, prefix string) {
	t.Helper()
	i := strings.LastIndex(out, "\n"+prefix)
	if i < 0 {
		t.Fatalf("%s: no %q line:\n%s", what, prefix, out)
	}
	if prefix == "FAIL: " && !regexp.MustCompile(`(?s)\nhint: .*(\(\d\)|unix\.)`).MatchString(out[i:]) {
		t.Errorf("%s: no hint naming a man page or a call after the verdict:\n%s", what, out[i:])
	}
}

// make exercise EX=echo PKG=DIR checks a program outside the exercise's
// folder: the Go answer, copied elsewhere in the module (under bin/, which
// git ignores). A program that does not build fails with go build's words.
// The copies are in a folder whose name starts with "_", which ./...
// leaves out (go help packages): make test runs make lint, whose go vet
// ./..., staticcheck ./... and deadcode ./... would otherwise meet the
// broken copy while this test runs beside them.
func TestPkgElsewhere(t *testing.T) {
	needsLab(t)
	sockettest.Slow(t, "make exercise PKG=, through make")
	root := sockettest.RepoRoot(t)
	if err := os.MkdirAll(filepath.Join(root, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	elsewhere, err := os.MkdirTemp(filepath.Join(root, "bin"), "_exercise-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(elsewhere) })
	answer, err := os.ReadFile(filepath.Join(root, dir, "answers", "echo", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(answer), "unix.Close(connfd)", "unix.Close(connfd", 1)
	for name, text := range map[string]string{"mine": string(answer), "broken": broken} {
		if err := os.Mkdir(filepath.Join(elsewhere, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(elsewhere, name, "main.go"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rel, _ := filepath.Rel(root, elsewhere)
	list := sockettest.Prepare(t, "go", "list", "-C", root, "-e", "-f", "{{.Dir}}", "./...")
	if r := list.MustRun(t); r.Code != 0 || strings.Contains(r.Stdout, rel) {
		t.Fatalf("go list ./...: %v; want %s left out: make lint, beside this test, would vet the broken copy", r, rel)
	}

	p := sockettest.Make(t, "--no-print-directory", "-C", root, "exercise", "EX=echo", "PKG="+filepath.Join(rel, "mine"), "WIDTH=80")
	r := p.MustRun(t)
	noNamespace(t, r)
	if r.Code != 0 || !strings.Contains(r.Stdout, "\nPASS: ") || !strings.Contains(r.Stdout, filepath.Join(rel, "mine")) {
		t.Errorf("make exercise EX=echo PKG=%s: %v; want exit 0, PASS, and the package named", filepath.Join(rel, "mine"), r)
	}
	// Through make, a FAIL is make's 2, as the README says; the checker's
	// own 1 is for scripts.
	p = sockettest.Make(t, "--no-print-directory", "-C", root, "exercise", "EX=echo", "PKG="+filepath.Join(rel, "broken"), "WIDTH=80")
	r = p.MustRun(t)
	if r.Code != 2 || !strings.Contains(r.Stdout, "\nFAIL: ") {
		t.Errorf("make exercise EX=echo PKG=%s: %v; want exit 2 and FAIL", filepath.Join(rel, "broken"), r)
	}
	r = runChecker(t, "-pkg", filepath.Join(rel, "broken"), "echo")
	if r.Code != exitFail || !strings.Contains(r.Stdout, "FAIL: your program") || !strings.Contains(r.Stdout, "syntax error") {
		t.Errorf("a program that does not build: %v; want exit %d, go build's error and a verdict", r, exitFail)
	}
}
