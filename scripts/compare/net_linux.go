package main

import "tcpsocket/scripts/sockettest"

// compareNet traces the exchange and the two failures with the C pair, the
// port and the same programs written with Go's net package
// (scripts/netport), and compares the three.
func compareNet(p sockettest.Programs) ([]scenario, error) {
	var out []scenario
	err := run(p, []string{"C", "Go", "net"}, func(r *runner) []func() ([]scenario, error) {
		return []func() ([]scenario, error){r.exchange, r.bindInUse, r.connectRefused}
	}, func(s scenario) { out = append(out, s) })
	return out, err
}
