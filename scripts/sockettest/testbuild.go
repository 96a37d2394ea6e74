package sockettest

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"tcpsocket/scripts/lab"
)

var (
	buildOnce sync.Once
	built     Programs
	buildDir  string
	buildErr  error
)

// Build builds the tutorial's Go server and client, and the grown-up ones,
// once per test binary, into the folder that this checkout's test binaries
// share, where go build links them only when their source has changed
// (programsDir); under make test-arm64 into a temporary folder of the
// run's own, through the emulator (BuildGo), which Main removes. It
// returns the tutorial's.
func Build(t testing.TB) Programs {
	t.Helper()
	buildAll(t)
	return built
}

// BuildGrownUp is Build for the grown-up server and client
// (scripts/grownup), with the tutorial's C.
func BuildGrownUp(t testing.TB) Programs {
	t.Helper()
	buildAll(t)
	grown := built
	grown.Server, grown.Client = built.GrownUpServer, built.GrownUpClient
	return grown
}

func buildAll(t testing.TB) {
	t.Helper()
	buildOnce.Do(func() {
		var shared bool
		buildDir, shared, buildErr = programsDir(RepoRoot(t))
		pkgs := []string{"tcpsocket/server", "tcpsocket/client", lab.GrownUpServer, lab.GrownUpClient}
		switch {
		case buildErr != nil:
		case shared:
			buildErr = buildShared(buildDir, pkgs...)
		default:
			buildErr = lab.BuildGo(buildDir, pkgs...)
		}
		built = Programs{
			Server:  filepath.Join(buildDir, "server"),
			Client:  filepath.Join(buildDir, "client"),
			CSource: filepath.Join(RepoRoot(t), lab.TutorialC),

			GrownUpServer: filepath.Join(buildDir, "grownup-server"),
			GrownUpClient: filepath.Join(buildDir, "grownup-client"),
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
}

// Main is the TestMain of a package whose tests use Build: it runs the
// tests, removes the programs and exits with the tests' status. An
// interrupt (Ctrl-C on go test) kills the processes the tests started and
// removes the programs too (lab.HandleInterrupts); a test binary killed
// outright leaves its programs' folder to the next run's lab.TempDir.
func Main(m *testing.M) {
	lab.HandleInterrupts()
	lab.Exit(m.Run())
}

// BuildC compiles the tutorial's C program scripts/tutorial/NAME.c, its
// PORT set to port, into the test's temporary directory. It needs a C
// compiler (RequireTool).
func BuildC(t testing.TB, name string, port int) string {
	t.Helper()
	RequireTool(t, "cc")
	out := filepath.Join(t.TempDir(), fmt.Sprintf("%s-c-%d", name, port))
	if err := lab.CompileC(filepath.Join(RepoRoot(t), lab.TutorialC, name+".c"), out, port); err != nil {
		t.Fatal(err)
	}
	return out
}
