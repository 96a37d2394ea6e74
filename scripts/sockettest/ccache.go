package sockettest

import (
	"os"

	"tcpsocket/scripts/lab"
)

// Every test binary that imports this package compiles its C through one
// cache (lab.CompileC), kept between runs in tcpsocket.cc.UID in the
// system's temporary directory, and so does every tool its tests start,
// which inherits the variable: one go test ./... compiles about 250 C
// programs, fewer than 130 of them different. A variable set already
// (empty: no cache) is left as it is.
func init() {
	if _, set := os.LookupEnv(lab.CCacheEnv); set {
		return
	}
	if dir, ok := lab.SharedDir("cc"); ok {
		os.Setenv(lab.CCacheEnv, dir)
	}
}
