package main

import "tcpsocket/scripts/lab"

// compareNet traces the exchange and the two failures with the C pair, the
// port and net, and compares the three.
func compareNet(p lab.Programs) (titles []string, tables [][]row3, err error) {
	err = run(p, []string{"C", "Go", "net"}, func(r *runner) []func() ([]scenario, error) {
		return []func() ([]scenario, error){r.exchange, r.bindInUse, r.connectRefused}
	}, func(s scenario) {
		titles = append(titles, s.title)
		tables = append(tables, align3(s.traces[0].Calls, s.traces[1].Calls, s.traces[2].Calls))
	})
	return titles, tables, err
}
