package lab

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// Every descriptor the lab's Socket, Socketpair and Accept make carries
// FD_CLOEXEC, as the kernel records it (fcntl(2), F_GETFD).
func TestDescriptorsCloseOnExec(t *testing.T) {
	listenfd, port, err := BoundSocket(Loopback4)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(listenfd)
	if err := unix.Listen(listenfd, 1); err != nil {
		t.Fatal(err)
	}
	dialfd, err := Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(dialfd)
	if err := unix.Connect(dialfd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: port}); err != nil {
		t.Fatal(err)
	}
	connfd, _, err := Accept(listenfd)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(connfd)
	pair, err := Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(pair[0])
	defer unix.Close(pair[1])

	for _, d := range []struct {
		what string
		fd   int
	}{{"BoundSocket", listenfd}, {"Socket", dialfd}, {"Accept", connfd}, {"Socketpair[0]", pair[0]}, {"Socketpair[1]", pair[1]}} {
		flags, err := unix.FcntlInt(uintptr(d.fd), unix.F_GETFD, 0)
		if err != nil {
			t.Fatalf("fcntl F_GETFD of %s's descriptor: %v", d.what, err)
		}
		if flags&unix.FD_CLOEXEC == 0 {
			t.Errorf("%s's descriptor %d: FD_CLOEXEC not set; a program started after it would inherit it", d.what, d.fd)
		}
	}
}

// descriptorCalls are the x/sys calls that make a descriptor without
// FD_CLOEXEC unless told.
var descriptorCalls = map[string]bool{"Socket": true, "Socketpair": true, "Accept": true, "Accept4": true, "Dup": true, "Dup2": true, "Pipe": true, "Pipe2": true, "Open": true, "Openat": true}

// programs are the folders of the programs under study: the tutorial's,
// the grown-up ones, the topics' and bench's (and the exercises', below
// scripts/exercises: starting points, answers and the tests' own). They
// make their descriptors as the C does, and start no program; everything
// else (the lab, its tools, every test) makes them through Socket,
// Socketpair and Accept, or asks for CLOEXEC in the call.
var programs = []string{"server", "client", "scripts/grownup/server", "scripts/grownup/client", "scripts/topics/sigpipe", "scripts/bench/rawaccept"}

// Outside the programs, no descriptor is made that a started program
// would inherit: each call in descriptorCalls is lab's own (this file's
// neighbours) or names CLOEXEC among its arguments.
func TestNoInheritedDescriptors(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && rel != "." || d.Name() == "bin" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || isProgram(rel) || isLabDescriptorFile(rel) {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		checked++
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || (pkg.Name != "unix" && pkg.Name != "syscall") || !descriptorCalls[sel.Sel.Name] {
				return true
			}
			for _, arg := range call.Args {
				cloexec := false
				ast.Inspect(arg, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok && strings.Contains(id.Name, "CLOEXEC") {
						cloexec = true
					}
					return !cloexec
				})
				if cloexec {
					return true
				}
			}
			t.Errorf("%s: %s.%s makes a descriptor that every program started after it inherits; use lab.%s (cloexec.go), or CLOEXEC in the call",
				fset.Position(call.Pos()), sel.X.(*ast.Ident).Name, sel.Sel.Name, sel.Sel.Name)
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 100 {
		t.Fatalf("checked %d Go files under %s; want the module's (more than 100)", checked, root)
	}
}

// isProgram reports whether rel, a path from the module's root, is a
// program's own file (programs), not its test.
func isProgram(rel string) bool {
	if strings.HasSuffix(rel, "_test.go") {
		return false
	}
	dir := filepath.Dir(rel)
	for _, p := range programs {
		if dir == p {
			return true
		}
	}
	return strings.HasPrefix(dir, "scripts/exercises/")
}

// isLabDescriptorFile reports whether rel is one of the files that make
// the lab's descriptors: they call x/sys with the flag set after.
func isLabDescriptorFile(rel string) bool {
	switch rel {
	case "scripts/lab/cloexec.go", "scripts/lab/accept_linux.go", "scripts/lab/accept_other.go":
		return true
	}
	return false
}
