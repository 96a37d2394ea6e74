// Command mutants is make mutants: it applies, one at a time, each change
// to the code that a test must catch (mutants.go), to a copy of the
// repository's tracked files, runs the tests that should catch it there,
// and says which tests failed. A mutant that no test catches is a rule
// without a test. The copy, and the programs and C compiles its tests
// make (TMPDIR), are removed at the end, Ctrl-C included.
//
//	go run ./scripts/mutants [-only 1,3]
//
// Exit status: 0 every mutant caught; 1 one survived, or no longer
// applies; 2 it could not run (no git, a copy that failed); 64 bad usage.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"tcpsocket/scripts/lab"
)

func main() {
	lab.HandleInterrupts()
	flags := flag.NewFlagSet("mutants", flag.ContinueOnError)
	flags.SetOutput(io.Discard) // the one line below says what was wrong
	only := flags.String("only", "", "run only these mutants: `numbers` from 1, separated by commas")
	err := flags.Parse(os.Args[1:])
	if err == flag.ErrHelp {
		flags.SetOutput(os.Stdout)
		fmt.Println("usage: go run ./scripts/mutants [-only 1,3]; the mutants:")
		for i, m := range mutants {
			fmt.Printf("  %d. %s (%s)\n", i+1, m.name, m.file)
		}
		lab.Exit(0)
	}
	if err == nil && flags.NArg() > 0 {
		err = fmt.Errorf("stray argument %q", flags.Arg(0))
	}
	var picked []int
	if err == nil {
		picked, err = pick(*only, len(mutants))
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "mutants: %v (usage: -only 1,3)\n", err)
		lab.Exit(64)
	}
	root, err := os.Getwd()
	if err == nil {
		root, err = copyTracked(root)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "mutants: %v\n", err)
		lab.Exit(2)
	}
	survived := 0
	for _, i := range picked {
		m := mutants[i-1]
		start := time.Now()
		failed, err := try(root, m)
		switch {
		case err != nil:
			fmt.Printf("%d. %s: %v\n", i, m.name, err)
			survived++
		case len(failed) == 0:
			fmt.Printf("%d. %s: SURVIVED (%s passes with it)\n", i, m.name, strings.Join(m.pkgs, " "))
			survived++
		default:
			fmt.Printf("%d. %s: caught in %.0f s by %s\n", i, m.name, time.Since(start).Seconds(), strings.Join(failed, ", "))
		}
	}
	if survived > 0 {
		lab.Exit(1)
	}
	lab.Exit(0)
}

// pick parses -only: the mutants' numbers, or all of them.
func pick(only string, n int) ([]int, error) {
	var picked []int
	if only == "" {
		for i := 1; i <= n; i++ {
			picked = append(picked, i)
		}
		return picked, nil
	}
	for _, f := range strings.Split(only, ",") {
		i, err := strconv.Atoi(f)
		if err != nil || i < 1 || i > n {
			return nil, fmt.Errorf("no mutant %q", f)
		}
		picked = append(picked, i)
	}
	return picked, nil
}

// copyTracked copies the files git tracks under root into a folder of the
// lab's, and returns the copy's root. The copy's tests keep their
// temporary folders, the shared programs and the C cache in it too.
func copyTracked(root string) (string, error) {
	out, err := exec.Command("git", "-C", root, "ls-files", "-z").Output()
	if err != nil {
		return "", fmt.Errorf("git ls-files in %s (make mutants copies what git tracks): %w", root, err)
	}
	dir, err := lab.TempDir("mutants")
	if err != nil {
		return "", err
	}
	copyRoot := filepath.Join(dir, "repo")
	for _, name := range strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		src, dst := filepath.Join(root, name), filepath.Join(copyRoot, name)
		info, err := os.Stat(src)
		if err != nil {
			continue // deleted, not yet committed
		}
		data, err := os.ReadFile(src)
		if err == nil {
			err = os.MkdirAll(filepath.Dir(dst), 0o755)
		}
		if err == nil {
			err = os.WriteFile(dst, data, info.Mode().Perm())
		}
		if err != nil {
			return "", fmt.Errorf("copy %s: %w", name, err)
		}
	}
	return copyRoot, os.Mkdir(filepath.Join(dir, "tmp"), 0o755)
}

// failLine is go test's line for a test that failed.
var failLine = regexp.MustCompile(`--- FAIL: (\S+)`)

// try applies m to the copy at root, runs its tests, puts the file back,
// and returns the tests that failed.
func try(root string, m mutant) ([]string, error) {
	file := filepath.Join(root, m.file)
	orig, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if n := strings.Count(string(orig), m.from); n != 1 {
		return nil, fmt.Errorf("NO LONGER APPLIES: %q is in %s %d times, not once", m.from, m.file, n)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(orig), m.from, m.to, 1)), 0o644); err != nil {
		return nil, err
	}
	defer os.WriteFile(file, orig, 0o644)
	p := lab.New(10*time.Minute, append([]string{"go", "test", "-count=1", "-run", m.run}, m.pkgs...)...)
	p.Cmd.Dir = root
	p.Cmd.Env = append(os.Environ(), "TMPDIR="+filepath.Join(filepath.Dir(root), "tmp"))
	r, err := p.Run()
	if err != nil {
		return nil, err
	}
	var failed []string
	for _, f := range failLine.FindAllStringSubmatch(r.Stdout, -1) {
		if !slices.Contains(failed, f[1]) {
			failed = append(failed, f[1])
		}
	}
	if r.Code != 0 && len(failed) == 0 {
		return nil, fmt.Errorf("go test failed with no failing test (does it build?):\n%s%s", r.Stdout, r.Stderr)
	}
	return failed, nil
}
