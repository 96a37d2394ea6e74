package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"tcpsocket/scripts/lab"
)

// transfer is one bulk transfer's outcome.
type transfer struct {
	seconds            float64
	serverKB, clientKB int64 // peak memory, when measured
}

// transferOnce streams size bytes from c's server to c's client, whose
// standard output is a pipe that this process reads and checksums: the
// "> /dev/null through cat" of the row, with a check. With measure, both
// run under maxrss, which reports their peak memory.
func (p *programs) transferOnce(c contender, size int64, buf int, measure bool) (transfer, error) {
	serverArgv := []string{c.server, "-size", strconv.FormatInt(size, 10)}
	clientArgv := []string{c.client, "-buf", strconv.Itoa(buf)}
	serverKB, clientKB := filepath.Join(p.dir, "rss.server"), filepath.Join(p.dir, "rss.client")
	if measure {
		serverArgv = append([]string{p.maxrss, serverKB}, serverArgv...)
		clientArgv = append([]string{p.maxrss, clientKB}, clientArgv...)
	}
	srv, err := startServer(serverArgv...)
	if err != nil {
		return transfer{}, err
	}
	defer srv.Stop()
	pr, pw, err := os.Pipe()
	if err != nil {
		return transfer{}, err
	}
	defer pr.Close()
	cl := lab.New(2*lab.Timeout, append(clientArgv, "-port", strconv.Itoa(srv.Port))...)
	cl.Cmd.Stdout = pw
	start := time.Now()
	err = cl.Start()
	pw.Close()
	if err != nil {
		return transfer{}, err
	}
	defer cl.Stop()
	sink := lab.NewSink(0)
	_, copyErr := io.CopyBuffer(sink, pr, make([]byte, 64<<10))
	r, err := cl.Wait()
	if err != nil {
		return transfer{}, fmt.Errorf("wait for the %s client at -buf %d: %w", c.name, buf, err)
	}
	if r.Code != 0 {
		return transfer{}, fmt.Errorf("%s client at -buf %d: %v; want exit 0", c.name, buf, r)
	}
	elapsed := time.Since(start).Seconds()
	if err := finish(srv); err != nil {
		return transfer{}, err
	}
	n, sum := sink.Sum()
	if copyErr != nil {
		return transfer{}, fmt.Errorf("read the %s client's output at -buf %d (%d bytes so far): %w", c.name, buf, n, copyErr)
	}
	if want := lab.Sum(message, size); n != size || sum != want {
		return transfer{}, fmt.Errorf("%s at -buf %d: %d bytes, CRC %s; want %d bytes, CRC %s", c.name, buf, n, sum, size, want)
	}
	t := transfer{seconds: elapsed}
	if measure {
		if t.serverKB, err = readKB(serverKB); err != nil {
			return t, err
		}
		if t.clientKB, err = readKB(clientKB); err != nil {
			return t, err
		}
	}
	return t, nil
}

func readKB(file string) (int64, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(strings.TrimSpace(string(raw)), 10, 64)
}

// bulk is the throughput row for each read size: the tutorial's 1023
// bytes, and 64 KiB.
func (p *programs) bulk(cfg config) ([]row, error) {
	var rows []row
	for _, buf := range []int{1023, 64 << 10} {
		r := newRow(fmt.Sprintf("bulk %d MiB, %d-byte reads (MB/s)", cfg.size>>20, buf), higherIsBetter)
		fmt.Fprintf(os.Stderr, "bench: %s", r.name)
		for _, order := range rotations(p.contenders, cfg.reps) {
			for _, c := range order {
				t, err := p.transferOnce(c, cfg.size, buf, false)
				if err != nil {
					return nil, err
				}
				r.samples[c.name] = append(r.samples[c.name], float64(cfg.size)/t.seconds/1e6)
			}
			fmt.Fprint(os.Stderr, ".")
		}
		fmt.Fprintln(os.Stderr)
		rows = append(rows, r)
	}
	return rows, nil
}
