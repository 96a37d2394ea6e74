package main

import (
	"debug/elf"

	"golang.org/x/sys/unix"
)

// syscallRegs reads a stopped thread's system call: its number, its first
// three arguments and, at its exit, its result (arm64: x8, x0 to x2, and x0
// again at exit; syscall(2), "Architecture calling conventions"). x0 is
// the result once the call has returned, so the tracer keeps the
// arguments it read at the entry.
func syscallRegs(tid int) (nr uint64, args [3]uint64, ret int64, err error) {
	var r unix.PtraceRegsArm64
	if err := unix.PtraceGetRegSetArm64(tid, int(elf.NT_PRSTATUS), &r); err != nil {
		return 0, args, 0, err
	}
	return r.Regs[8], [3]uint64{r.Regs[0], r.Regs[1], r.Regs[2]}, int64(r.Regs[0]), nil
}
