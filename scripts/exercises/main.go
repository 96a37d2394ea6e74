// Command exercises is make exercise: with no exercise named, it lists
// the exercises; with one, it checks the learner's answer to it.
//
//	go run ./scripts/exercises [-width N] [-pkg DIR] [NAME]
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
// Exit status: 0 the answer passes; 1 it does not (or does not build); 2
// the check could not run (not Linux, no strace, no network namespace);
// 64 no such exercise, or a bad flag.
package main

import (
	"flag"
	"fmt"
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
	width := sidebyside.WidthFlag(80)
	pkg := flag.String("pkg", "", "the Go main package (a `directory` in this module) to check, instead of scripts/exercises/NAME")
	if err := flag.CommandLine.Parse(os.Args[1:]); err != nil {
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
	}
	lab.Exit(check(ex, root, *pkg, width()))
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
