package sockettest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Programs are the paths of the built Go programs.
type Programs struct {
	Server, Client string
}

var (
	buildOnce sync.Once
	built     Programs
	buildErr  error
)

// Build builds the Go server and client, once per test binary, into a
// temporary directory, with the same command as make build. Call
// Cleanup from TestMain to remove it.
//
// Under emulation (make test-arm64), the environment's GOARCH is that of
// the emulated machine, so go build builds for it, and TCPSOCKET_EXEC names
// the emulator (qemu-aarch64-static): each program is then a two-line
// script that runs its binary through the emulator, so that every test,
// and strace, runs the emulated programs as they run the native ones.
func Build(t testing.TB) Programs {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tcpsocket-bin-")
		if err == nil {
			err = os.Chmod(dir, 0o755) // a test may run a program as another user (AsNobody)
		}
		if err != nil {
			buildErr = err
			return
		}
		built = Programs{Server: filepath.Join(dir, "server"), Client: filepath.Join(dir, "client")}
		cmd := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "tcpsocket/server", "tcpsocket/client")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		if emulator := os.Getenv("TCPSOCKET_EXEC"); emulator != "" {
			buildErr = wrap(emulator, built.Server, built.Client)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return built
}

// wrap moves each program to NAME.bin and writes a script in its place that
// runs it through emulator. exec keeps the process id, so signals sent to
// the "program" reach the emulator, which passes them on.
func wrap(emulator string, programs ...string) error {
	path, err := exec.LookPath(emulator)
	if err != nil {
		return fmt.Errorf("TCPSOCKET_EXEC: %w", err)
	}
	for _, p := range programs {
		if err := os.Rename(p, p+".bin"); err != nil {
			return err
		}
		script := fmt.Sprintf("#!/bin/sh\nexec %s %s \"$@\"\n", path, p+".bin")
		if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
			return err
		}
	}
	return nil
}

// Main is the TestMain of a package whose tests use Build: it runs the
// tests, removes the programs and exits with the tests' status.
func Main(m *testing.M) {
	code := m.Run()
	Cleanup()
	os.Exit(code)
}

// Cleanup removes what Build made.
func Cleanup() {
	if built.Server != "" {
		os.RemoveAll(filepath.Dir(built.Server))
	}
}

// BuildC compiles the tutorial's C program scripts/c/NAME.c with CompileC,
// its PORT set to port, into the test's temporary directory. It needs a C
// compiler: see RequireTool.
func BuildC(t testing.TB, name string, port int) string {
	t.Helper()
	RequireTool(t, "cc")
	out := filepath.Join(t.TempDir(), fmt.Sprintf("%s-c-%d", name, port))
	if err := CompileC(filepath.Join(RepoRoot(t), "scripts", "c", name+".c"), out, port); err != nil {
		t.Fatal(err)
	}
	return out
}

// CompileC compiles the C program src into out with cc, the flags of make c
// and PORT set to port: the calls it makes stay the tutorial's.
func CompileC(src, out string, port int) error {
	cmd := exec.Command("cc", "-Wall", "-Wextra", "-O2", "-DPORT="+strconv.Itoa(port), "-o", out, src)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("cc %s: %v\n%s", src, err, msg)
	}
	return nil
}

// Server is a server started by StartServer, listening on Port.
type Server struct {
	*Process
	Port int
}

var listeningLine = regexp.MustCompile(`(?m)^server: listening on \S+:([0-9]+)$`)

// StartServer starts the Go server bin with -port 0 and args, and returns
// once it reports the port it listens on: the readiness signal, no sleep.
func StartServer(t testing.TB, bin string, args ...string) *Server {
	t.Helper()
	p := prepare(bin, append([]string{"-port", "0"}, args...)...)
	portc := make(chan int, 1)
	p.stderr.onWrite = func(all []byte) {
		if m := listeningLine.FindSubmatch(all); m != nil {
			port, _ := strconv.Atoi(string(m[1]))
			select {
			case portc <- port:
			default: // reported already
			}
			p.stderr.onWrite = nil
		}
	}
	p.start(t)
	select {
	case port := <-portc:
		return &Server{Process: p, Port: port}
	case <-p.done:
		t.Fatalf("server ended before listening: %v", p.result)
	case <-time.After(Timeout):
		t.Fatalf("server did not report its port within %v", Timeout)
	}
	return nil
}

// WaitListening waits, at most Timeout, until some process listens on
// 127.0.0.1:port: the readiness check for the C server, which reports
// nothing. It polls the kernel's socket table (IsListening) rather
// than connecting, which would use up the server's one accept.
func WaitListening(t testing.TB, p *Process, port int) {
	t.Helper()
	deadline := time.Now().Add(Timeout)
	for i := 0; time.Now().Before(deadline); i++ {
		ok, err := IsListening(port)
		if err != nil {
			Missing(t, "cannot tell whether a port is listening: "+err.Error())
		}
		if ok {
			return
		}
		if p.Exited() {
			t.Fatalf("server ended before listening: %v", p.Wait(t))
		}
		time.Sleep(time.Duration(min(i+1, 20)) * time.Millisecond)
	}
	t.Fatalf("nothing listens on port %d after %v", port, Timeout)
}
