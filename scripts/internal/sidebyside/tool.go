package sidebyside

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"tcpsocket/scripts/sockettest"
)

// What make compare, tour and wire share: the flags that name the
// programs, the exit for a tool that could not run, and the end of a run
// (the README blocks, the verdict).

// ProgramFlags defines -go and -c, which name the programs, and returns
// a function that gives them once flag.Parse has run.
func ProgramFlags() func() sockettest.Programs {
	goDir := flag.String("go", "bin", "`directory` of the Go server and client")
	cDir := flag.String("c", sockettest.TutorialC, "`directory` of the tutorial's server.c and client.c")
	return func() sockettest.Programs {
		return sockettest.Programs{
			Server:  filepath.Join(*goDir, "server"),
			Client:  filepath.Join(*goDir, "client"),
			CSource: *cDir,
		}
	}
}

// Fail prints "tool: err" and exits 2: the tool could not run.
func Fail(tool string, err error) {
	fmt.Fprintf(os.Stderr, "%s: %v\n", tool, err)
	os.Exit(2)
}

// Finish puts each text into its file's block named tool (Splice; a file
// of "" is skipped), then prints the verdict and exits with it: 0 when
// every difference is explained, 1 when unexplained rows remain.
func Finish(tool string, blocks map[string]string, unexplained int, ok string) {
	for file, text := range blocks {
		if file == "" {
			continue
		}
		if err := Splice(file, tool, text); err != nil {
			Fail(tool, err)
		}
	}
	os.Exit(Verdict(os.Stdout, unexplained, ok))
}
