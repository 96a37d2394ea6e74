//go:build !linux

package sockettest

import (
	"fmt"
	"os/exec"
)

// IsListening asks lsof(8), which macOS and the BSDs' ports have, whether a
// TCP socket listens on the port. lsof exits 1 when it finds none.
func IsListening(port int) (bool, error) {
	lsof, err := exec.LookPath("lsof")
	if err != nil {
		return false, err
	}
	err = exec.Command(lsof, "-nP", fmt.Sprintf("-iTCP:%d", port), "-sTCP:LISTEN").Run()
	if exitErr, ok := err.(*exec.ExitError); ok && exitErr.ExitCode() == 1 {
		return false, nil
	}
	return err == nil, err
}
