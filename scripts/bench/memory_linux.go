package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"tcpsocket/scripts/lab"
)

// memory reports each process's peak resident set (ru_maxrss, through
// scripts/bench/c/maxrss.c) in the exchange and in a bulk transfer at 64 KiB
// reads.
func (p *programs) memory(cfg config) ([]row, error) {
	fmt.Fprintln(os.Stderr, "bench: peak memory")
	serverExchange := newCountRow("peak RSS, server, exchange (KiB)")
	clientExchange := newCountRow("peak RSS, client, exchange (KiB)")
	serverBulk := newCountRow(fmt.Sprintf("peak RSS, server, bulk %d MiB (KiB)", cfg.size>>20))
	clientBulk := newCountRow(fmt.Sprintf("peak RSS, client, bulk %d MiB (KiB)", cfg.size>>20))
	for _, c := range p.contenders {
		serverKB, clientKB, err := p.exchangeMemory(c)
		if err != nil {
			return nil, err
		}
		serverExchange.samples[c.name] = []float64{float64(serverKB)}
		clientExchange.samples[c.name] = []float64{float64(clientKB)}
		t, err := p.transferOnce(c, cfg.size, 64<<10, true)
		if err != nil {
			return nil, err
		}
		serverBulk.samples[c.name] = []float64{float64(t.serverKB)}
		clientBulk.samples[c.name] = []float64{float64(t.clientKB)}
	}
	return []row{serverExchange, clientExchange, serverBulk, clientBulk}, nil
}

// exchangeMemory runs one exchange with both programs under maxrss.
func (p *programs) exchangeMemory(c contender) (serverKB, clientKB int64, err error) {
	serverFile, clientFile := filepath.Join(p.dir, "rss.server"), filepath.Join(p.dir, "rss.client")
	srv, err := startServer(p.maxrss, serverFile, c.server)
	if err != nil {
		return 0, 0, err
	}
	defer srv.Stop()
	r, err := lab.New(0, p.maxrss, clientFile, c.client, "-port", strconv.Itoa(srv.Port)).Run()
	if err != nil {
		return 0, 0, fmt.Errorf("run the %s client for its peak memory: %w", c.name, err)
	}
	if r.Stdout != message {
		return 0, 0, fmt.Errorf("%s client, for its peak memory: %v; want %q", c.name, r, message)
	}
	if err := finish(srv); err != nil {
		return 0, 0, err
	}
	if serverKB, err = readKB(serverFile); err != nil {
		return 0, 0, err
	}
	clientKB, err = readKB(clientFile)
	return serverKB, clientKB, err
}
