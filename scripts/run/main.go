// Command run is make run: it starts bin/server, runs bin/client against
// it, and shows what the client prints, "Server Message". The tutorial's
// server prints nothing when it listens, so the port is one that was free
// a moment ago (lab.UnboundPort: a second run never meets the first
// run's port in TIME_WAIT), and readiness is read from the kernel's table
// of sockets (lab.IsListening), not guessed by a sleep.
//
// Exit status: 0 both programs exited 0 and the client printed the
// message; 1 otherwise.
package main

import (
	"fmt"
	"os"
	"strconv"

	"tcpsocket/scripts/lab"
)

const message = "Server Message"

func main() {
	lab.HandleInterrupts()
	if err := run("bin"); err != nil {
		fmt.Fprintf(os.Stderr, "run: %v\n", err)
		lab.Exit(1)
	}
	fmt.Println("both exited 0")
}

func run(bin string) error {
	port, err := lab.UnboundPort(lab.Loopback4)
	if err != nil {
		return err
	}
	args := []string{"-port", strconv.Itoa(port)}
	fmt.Printf("server: %s/server %s\n", bin, args[0]+" "+args[1])
	srv := lab.New(lab.Timeout, append([]string{bin + "/server"}, args...)...)
	if err := srv.Start(); err != nil {
		return err
	}
	defer srv.Stop()
	if err := srv.WaitListening(port); err != nil {
		return err
	}
	fmt.Printf("client: %s/client %s\n", bin, args[0]+" "+args[1])
	cl, err := lab.New(lab.Timeout, append([]string{bin + "/client"}, args...)...).Run()
	if err != nil {
		return err
	}
	fmt.Print(cl.Stdout + cl.Stderr)
	if cl.Stdout != "" {
		fmt.Println()
	}
	sv, err := srv.Wait()
	if err != nil {
		return err
	}
	if sv.Code != 0 || cl.Code != 0 || cl.Stdout != message {
		return fmt.Errorf("server: %v; client: %v; want both to exit 0, and the client to print %q", sv, cl, message)
	}
	return nil
}
