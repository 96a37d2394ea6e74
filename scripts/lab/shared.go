package lab

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// SharedDir returns the folder tcpsocket.NAME.UID in the system's
// temporary directory, made if missing, for what this user's runs share
// and keep between them, as Go's build cache does: the programs the tests
// build, the C they compile. ok is false where that folder is not this
// user's alone (another user made it, or may write to it): one where
// someone else could have put a program is never used.
func SharedDir(name string) (dir string, ok bool) {
	dir = filepath.Join(os.TempDir(), fmt.Sprintf("tcpsocket.%s.%d", name, os.Getuid()))
	if os.Mkdir(dir, 0o755) != nil && !ownDir(dir) {
		return "", false
	}
	// A test may run a program as another user (AsNobody), so others
	// may read and enter it; the umask may have taken that away.
	return dir, os.Chmod(dir, 0o755) == nil
}

// ownDir reports whether dir is a directory (not a link to one) that this
// user owns and no one else may write to.
func ownDir(dir string) bool {
	fi, err := os.Lstat(dir)
	if err != nil || !fi.IsDir() || fi.Mode().Perm()&0o022 != 0 {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}
