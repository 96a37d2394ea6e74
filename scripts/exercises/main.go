// Command exercises is make exercise: with no exercise named, it lists
// the exercises; with one, it checks the learner's answer to it.
//
//	go run ./scripts/exercises [-width N] [-pkg DIR] [--] [NAME]
//
// The check builds the learner's program (the starting point in
// scripts/exercises/NAME, which the learner edits in place, or the Go
// main package in DIR), and the exercise's C reference and C peer; it runs
// each of the two, under strace, in a network namespace of its own (so
// both use the tutorial's 127.0.0.1:5000), talks to it with the peer, and
// prints the two programs' socket calls side by side, what the peer
// printed, the sockets' states where the exercise is about them, and a
// verdict: what is missing, in one line, with a hint.
//
// Exit status:
//
//   - 0: the answer passes (or the list, or -h);
//   - 1: it does not, or does not build;
//   - 2: the check could not run here (not Linux, no strace, no network
//     namespace);
//   - 64: a usage error, said in one line that names the value: no such
//     exercise (a NAME that starts with "-" included, after --), a DIR
//     that does not exist, is outside this module, or holds no package
//     main, a bad flag.
package main

import (
	"errors"
	"flag"
	"fmt"
	gobuild "go/build"
	"io"
	"os"
	"path/filepath"
	"strings"

	"tcpsocket/scripts/internal/sidebyside"
	"tcpsocket/scripts/lab"
)

// exitUsage is sysexits(3)'s EX_USAGE, as the programs use it.
const exitUsage = 64

func main() {
	if inNamespace() {
		os.Exit(labMain())
	}
	lab.HandleInterrupts()
	flag.CommandLine.Init("exercise", flag.ContinueOnError)
	flag.CommandLine.SetOutput(io.Discard) // a bad flag is said in one line, below
	width := sidebyside.WidthFlag(80)
	pkg := flag.String("pkg", "", "the Go main package (a `directory` in this module) to check, instead of scripts/exercises/NAME")
	if err := flag.CommandLine.Parse(os.Args[1:]); errors.Is(err, flag.ErrHelp) {
		fmt.Println(synopsis)
		flag.CommandLine.SetOutput(os.Stdout)
		flag.PrintDefaults()
		lab.Exit(0)
	} else if err != nil {
		fmt.Fprintf(os.Stderr, "exercise: %v (%s)\n", err, synopsis)
		lab.Exit(exitUsage)
	}
	if flag.NArg() == 0 {
		list(os.Stdout)
		return
	}
	name := flag.Arg(0)
	ex, ok := find(name)
	if !ok || flag.NArg() > 1 {
		fmt.Fprintf(os.Stderr, "exercise: no exercise %q: make exercise lists them\n", strings.Join(flag.Args(), " "))
		lab.Exit(exitUsage)
	}
	root, err := repoRoot()
	if err != nil {
		fmt.Fprintf(os.Stderr, "exercise: %v\n", err)
		lab.Exit(2)
	}
	if *pkg == "" {
		*pkg = filepath.Join(root, dir, ex.name)
	} else if err := mainPackage(root, *pkg); err != nil {
		fmt.Fprintf(os.Stderr, "exercise: %v\n", err)
		lab.Exit(exitUsage)
	}
	lab.Exit(check(ex, root, *pkg, width()))
}

const synopsis = "usage: exercise [-width N] [-pkg DIR] [--] [NAME]"

// mainPackage says why pkg, a directory, cannot be checked: it does not
// exist, it is outside the module at root, it holds no package main; or
// returns nil. A package main that does not build is for the check to
// say (go build's words).
func mainPackage(root, pkg string) error {
	abs, err := filepath.Abs(pkg)
	if err != nil {
		return err
	}
	if info, err := os.Stat(abs); err != nil || !info.IsDir() {
		return fmt.Errorf("no directory %q (-pkg, make's PKG): a Go main package in this module", pkg)
	}
	resolved, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return err
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(realRoot, resolved); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("%q is outside the module (%s): copy your program into it", pkg, root)
	}
	p, err := gobuild.ImportDir(abs, 0)
	var noGo *gobuild.NoGoError
	switch {
	case errors.As(err, &noGo):
		return fmt.Errorf("%q holds no Go files: give the directory of your package main", pkg)
	case err == nil && p.Name != "main":
		return fmt.Errorf("%q is package %s, not a package main: give the directory of your program", pkg, p.Name)
	}
	return nil
}

// repoRoot is the repository's root: the nearest directory, from this
// one up, that holds go.mod.
func repoRoot() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		up := filepath.Dir(d)
		if up == d {
			return "", fmt.Errorf("no go.mod here or above: run it in the repository")
		}
		d = up
	}
}
