// Package sockettest is the testing face of scripts/lab, for tests only:
// each function takes a testing.TB and turns lab's error into a failure
// of the test (Start, Run, StartServer, Build, and the Must methods of
// Process). Like Go's internal/testenv, it bounds each process by the
// test's deadline, stops it when the test ends, and fails a test that
// started one and neither waited for it nor stopped it. It also holds
// the checks that the tutorial's Go mirrors its C (Mirror) and the
// signal storms. The README checks are scripts/readmetest's.
package sockettest
