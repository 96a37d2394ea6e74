package main

import (
	"strconv"
	"testing"

	"tcpsocket/scripts/sockettest"
)

// Hundreds of signals at a server blocked in accept(): the exchange still
// completes, byte for byte (client/signal_test.go does the same to a
// client blocked in read()).
func TestSignalStorm(t *testing.T) {
	t.Parallel()
	bin := sockettest.BuildGrownUp(t)

	srv := sockettest.StartServer(t, bin.Server)
	sockettest.Storm(t, srv.Pid(), 600)
	cl := sockettest.Run(t, bin.Client, "-port", strconv.Itoa(srv.Port))
	if sv := srv.MustWait(t); sv.Code != 0 || cl.Code != 0 || cl.Stdout != message {
		t.Errorf("server: %v\nclient: %v", sv, cl)
	}
}
