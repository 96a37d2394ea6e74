// Package lab is the lab's one library for running the tutorial's
// programs, Go and C, as real processes over loopback: start them, wait
// for their readiness, watch what they write, stop them, build them, and
// find free, unbound and refusing ports. The tools in scripts/ (compare,
// tour, wire, exercises, bench, run) use it directly; tests use it
// through its testing face, scripts/sockettest. Every function returns
// an error; none imports testing. The lesson (server/, client/,
// sockutil/) never imports it.
package lab
