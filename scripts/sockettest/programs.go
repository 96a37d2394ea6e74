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
// one folder, tcpsocket.programs.UID.HASH in the system's temporary
// directory, which stays between runs, as Go's build cache does. go build
// leaves a program there that is up to date with its source as it is, so
// the programs are linked once after each change, not once a package
// (about 2 s of each package's time, most of the -short run's). Under an
// emulator, where BuildGo turns each program into a script, or where that
// folder is not this user's alone, it is a folder of this run's own
// (lab.TempDir), removed at the end.
func programsDir(root string) (dir string, shared bool, err error) {
	if lab.Emulator == "" {
		sum := sha256.Sum256([]byte(root))
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("tcpsocket.programs.%d.%x", os.Getuid(), sum[:6]))
		if os.Mkdir(dir, 0o755) == nil || ownDir(dir) {
			// A test may run a program as another user (AsNobody).
			if err := os.Chmod(dir, 0o755); err == nil {
				return dir, true, nil
			}
		}
	}
	dir, err = lab.TempDir("bin")
	if err == nil {
		err = os.Chmod(dir, 0o755)
	}
	return dir, false, err
}

// ownDir reports whether dir is a directory (not a link to one) that this
// user owns and no one else may write to: one that no other user could
// have put a program in.
func ownDir(dir string) bool {
	fi, err := os.Lstat(dir)
	if err != nil || !fi.IsDir() || fi.Mode().Perm()&0o022 != 0 {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
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
