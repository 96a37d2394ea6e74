package lab

import (
	"fmt"
	"os/exec"
)

// IsListeningLsof asks lsof(8) whether a TCP socket listens on the port:
// the check on macOS and the BSDs, which have no /proc/net/tcp. lsof exits
// 1 when it finds none. It runs on Linux too (TestListeningChecksAgree),
// so that the path the Mac takes is tested here.
func IsListeningLsof(port int) (bool, error) {
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
