package sidebyside

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"tcpsocket/scripts/lab"

	"golang.org/x/sys/unix"
)

// What make compare, tour and wire share: the flags that name the
// programs, the exit for a tool that could not run, and the end of a run
// (the README blocks, the verdict).

// ProgramFlags defines -go and -c, which name the programs, and returns
// a function that gives them once flag.Parse has run, building the Go
// programs first where they are missing (as make build does), so that the
// tool runs in a fresh clone.
func ProgramFlags() func() (lab.Programs, error) {
	goDir := flag.String("go", "bin", "`directory` of the Go server and client, and the grown-up ones (built there if missing)")
	cDir := flag.String("c", lab.TutorialC, "`directory` of the tutorial's server.c and client.c")
	return func() (lab.Programs, error) {
		p := lab.Programs{
			Server:  filepath.Join(*goDir, "server"),
			Client:  filepath.Join(*goDir, "client"),
			CSource: *cDir,

			GrownUpServer: filepath.Join(*goDir, "grownup-server"),
			GrownUpClient: filepath.Join(*goDir, "grownup-client"),
		}
		for _, prog := range []string{p.Server, p.Client, p.GrownUpServer, p.GrownUpClient} {
			if _, err := os.Stat(prog); err != nil {
				fmt.Fprintf(os.Stderr, "%s is missing: building the Go programs into %s (make build)\n", prog, *goDir)
				return p, lab.BuildGo(*goDir, "tcpsocket/server", "tcpsocket/client", lab.GrownUpServer, lab.GrownUpClient)
			}
		}
		return p, nil
	}
}

// WidthFlag defines -width: no line wider than that many columns, the C
// over the Go where a row does not fit side by side (Print). By default
// the terminal's width when standard output is one, else def.
func WidthFlag(def int) func() int {
	width := flag.Int("width", -1, fmt.Sprintf("print no line wider than this many `columns` (C over Go where they do not fit side by side); "+
		"0: no limit; by default the terminal's width when standard output is one, else %d", def))
	return func() int {
		if *width >= 0 {
			return *width
		}
		if ws, err := unix.IoctlGetWinsize(1, unix.TIOCGWINSZ); err == nil {
			return int(ws.Col) // TIOCGWINSZ, ioctl_tty(2): only a terminal answers
		}
		return def
	}
}

// Fail prints "tool: err" and exits 2: the tool could not run.
func Fail(tool string, err error) {
	fmt.Fprintf(os.Stderr, "%s: %v\n", tool, err)
	lab.Exit(2)
}

// A Dest is where a README block goes: the file (skipped if "") and the
// block's name.
type Dest struct{ File, Block string }

// Finish puts each text into its block (Splice), then prints the verdict
// and exits with it: 0 when every difference is explained, 1 when
// unexplained rows remain.
func Finish(tool string, blocks map[Dest]string, unexplained int, ok string) {
	for dest, text := range blocks {
		if dest.File == "" {
			continue
		}
		if err := Splice(dest.File, dest.Block, text); err != nil {
			Fail(tool, err)
		}
	}
	lab.Exit(Verdict(os.Stdout, unexplained, ok))
}
