package lab

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// Programs are the tutorial's programs: the paths of the built Go server
// and client, and the directory of the C's server.c and client.c; and the
// paths of the grown-up Go server and client (scripts/grownup), where the
// tool or test uses them.
type Programs struct {
	Server, Client               string
	CSource                      string
	GrownUpServer, GrownUpClient string
}

// BuildGo builds the Go packages pkgs (import paths, such as
// tcpsocket/server) into dir, as make build does: each binary named after
// its package's folder, or NAME for a pkg given as NAME=PATH (the grown-up
// programs, whose folders are named server and client too). Under an
// emulator (Emulator, make test-arm64), go build builds them for Arch, and
// each program becomes a two-line script that runs its binary through the
// emulator: every test, and strace, then runs the emulated programs as it
// runs native ones.
func BuildGo(dir string, pkgs ...string) error {
	if Emulator != "" && Arch == "" {
		return fmt.Errorf("TCPSOCKET_EXEC is %s, and TCPSOCKET_GOARCH is not set: name the GOARCH of the programs it runs (make test-arm64 sets both)", Emulator)
	}
	// go build's own work folder goes into one of the lab's, so that a
	// build interrupted, or killed with the tool, leaves none behind.
	work, err := TempDir("go-build")
	if err != nil {
		return err
	}
	defer RemoveTempDir(work)
	goBuild := func(args ...string) *exec.Cmd {
		cmd := command("go", append([]string{"build"}, args...)...)
		cmd.Env = append(os.Environ(), "GOTMPDIR="+work)
		if Emulator != "" {
			cmd.Env = append(cmd.Env, "GOARCH="+Arch)
		}
		return cmd
	}
	var plain, names []string
	for _, pkg := range pkgs {
		name, path, named := strings.Cut(pkg, "=")
		if !named {
			plain, names = append(plain, pkg), append(names, filepath.Base(pkg))
			continue
		}
		if out, err := goBuild("-o", filepath.Join(dir, name), path).CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s, the program %s: %w\n%s", path, name, err, out)
		}
		names = append(names, name)
	}
	if len(plain) > 0 {
		args := append([]string{"-o", dir + string(filepath.Separator)}, plain...)
		if out, err := goBuild(args...).CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %w\n%s", strings.Join(plain, " "), err, out)
		}
	}
	if Emulator == "" {
		return nil
	}
	emulator, err := exec.LookPath(Emulator)
	if err != nil {
		return fmt.Errorf("TCPSOCKET_EXEC: %w", err)
	}
	for _, name := range names {
		// exec keeps the process id, so signals sent to the "program"
		// reach the emulator, which passes them on.
		p := filepath.Join(dir, name)
		if err := os.Rename(p, p+".bin"); err != nil {
			return err
		}
		script := fmt.Sprintf("#!/bin/sh\nexec %s %s \"$@\"\n", emulator, p+".bin")
		if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
			return err
		}
	}
	return nil
}

// The grown-up programs (scripts/grownup), as BuildGo takes them: their
// binaries' names, and their packages.
var (
	GrownUpServer = "grownup-server=tcpsocket/scripts/grownup/server"
	GrownUpClient = "grownup-client=tcpsocket/scripts/grownup/client"
)

// CompileC compiles the C program src into out as make c does: with $CC
// (cc where unset) and $CFLAGS (-Wall -Wextra -O2 where unset), which the
// Makefile exports; with a port above 0, its PORT is set to it
// (-DPORT=), so that the calls it makes stay the tutorial's. Where
// $TCPSOCKET_CC_CACHE names a folder (the tests set it: CCacheEnv), a
// program compiled before from the same source, flags and compiler is
// copied from there instead.
func CompileC(src, out string, port int) error {
	cc, cflags := os.Getenv("CC"), os.Getenv("CFLAGS")
	if cc == "" {
		cc = "cc"
	}
	if cflags == "" {
		cflags = "-Wall -Wextra -O2"
	}
	args := strings.Fields(cflags)
	if port > 0 {
		args = append(args, "-DPORT="+strconv.Itoa(port))
	}
	cached := cachedC(cc, args, src)
	if cached != "" && copyFile(cached, out) == nil {
		return nil
	}
	// The compiler's temporary files go into a folder of the lab's, so
	// that a compiler killed with the tool leaves none behind.
	work, err := TempDir("cc")
	if err != nil {
		return err
	}
	defer RemoveTempDir(work)
	cmd := command(cc, append(args, "-o", out, src)...)
	cmd.Env = append(os.Environ(), "TMPDIR="+work)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s %s, to compile it: %w\n%s", cc, src, err, msg)
	}
	if cached != "" {
		// The cache only saves time: a failure to fill it is no error.
		copyFile(out, cached)
	}
	return nil
}

// CCacheEnv is the variable that names CompileC's cache of compiled C
// programs: a folder, which the tests set (lab.SharedDir), and which every
// tool they start inherits; unset, each program is compiled.
const CCacheEnv = "TCPSOCKET_CC_CACHE"

// cachedC returns where the cache keeps the program that cc compiles from
// src with args: a name made of a sum of the compiler (its path, size and
// time of change), the arguments and the source's bytes. It returns ""
// where there is no cache, or the program would be one of a kind: one
// with its PORT set to a free port (the tests' are all different), one
// that includes a file of its own ("..."), which the sum does not cover.
// Nor does it cover the system's headers and libraries (<sys/socket.h>,
// libc): after an upgrade of libc6-dev, empty the folder
// (tcpsocket.cc.UID in $TMPDIR) or unset the variable.
func cachedC(cc string, args []string, src string) string {
	dir := os.Getenv(CCacheEnv)
	if dir == "" || slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "-DPORT=") }) {
		return ""
	}
	source, err := os.ReadFile(src)
	if err != nil || bytes.Contains(source, []byte(`#include "`)) {
		return ""
	}
	path, err := exec.LookPath(cc)
	if err == nil {
		path, err = filepath.EvalSymlinks(path)
	}
	fi, err2 := os.Stat(path)
	if err != nil || err2 != nil {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%d\x00%q\x00", path, fi.Size(), fi.ModTime().UnixNano(), args)
	h.Write(source)
	return filepath.Join(dir, fmt.Sprintf("%x", h.Sum(nil)[:16]))
}

// copyFile copies the program from into to, executable: written under a
// name of its own, then renamed, so that a copy of the same program made
// at the same time never finds it half written, and a program running
// from to keeps its own.
func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(to), filepath.Base(to)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err2 := f.Close(); err == nil {
		err = err2
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o755)
	}
	if err == nil {
		err = os.Rename(f.Name(), to)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// TutorialC is where the tutorial's server.c and client.c are, from the
// repository's root.
var TutorialC = filepath.Join("scripts", "tutorial")

// CompileTutorial compiles the tutorial's server.c and client.c from
// p.CSource into dir, with PORT set to port (the tutorial's own where 0),
// and returns the C pair: the same Programs with the C in place of the Go.
// A pair compiled before is used again.
func (p Programs) CompileTutorial(dir string, port int) (Programs, error) {
	name := func(prog string) string { return filepath.Join(dir, fmt.Sprintf("%s-c-%d", prog, port)) }
	c := Programs{Server: name("server"), Client: name("client"), CSource: p.CSource}
	for prog, out := range map[string]string{"server": c.Server, "client": c.Client} {
		if _, err := os.Stat(out); err == nil {
			continue
		}
		if err := CompileC(filepath.Join(p.CSource, prog+".c"), out, port); err != nil {
			return Programs{}, err
		}
	}
	return c, nil
}

// command is exec.Command for a build that dies with the tool that runs
// it (dieWithParent): a tool killed outright leaves no compiler running.
func command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{}
	dieWithParent(cmd.SysProcAttr)
	return cmd
}
