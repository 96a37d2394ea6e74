package sockettest

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"tcpsocket/scripts/lab"
)

// programsDir returns the folder that Build builds the programs into, and
// whether it is shared: every test binary of this checkout builds into
// one folder, tcpsocket.programs.HASH.UID in the system's temporary
// directory (lab.SharedDir), which stays between runs, as Go's build
// cache does. go build leaves a program there that is up to date with its
// source as it is, so the programs are linked once after each change, not
// once a package (about 2 s of each package's time, most of the -short
// run's). Under an emulator, where BuildGo turns each program into a
// script, or where that folder is not this user's alone, it is a folder
// of this run's own (lab.TempDir), removed at the end.
func programsDir(root string) (dir string, shared bool, err error) {
	if lab.Emulator == "" {
		sum := sha256.Sum256([]byte(root))
		if dir, ok := lab.SharedDir(fmt.Sprintf("programs.%x", sum[:6])); ok {
			return dir, true, nil
		}
	}
	dir, err = lab.TempDir("bin")
	if err == nil {
		err = os.Chmod(dir, 0o755)
	}
	return dir, false, err
}

// buildShared builds pkgs into the shared folder dir, one test binary at a
// time (flock(2) on dir/.lock): go test runs packages' tests at once, and
// the second finds the programs up to date.
func buildShared(dir string, pkgs ...string) error {
	lock, err := os.OpenFile(filepath.Join(dir, ".lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	defer lock.Close() // which releases the lock
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("flock %s: %w", lock.Name(), err)
	}
	return lab.BuildGo(dir, pkgs...)
}
