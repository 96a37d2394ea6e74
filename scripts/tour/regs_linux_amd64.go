package main

import "golang.org/x/sys/unix"

// syscallRegs reads a stopped thread's system call: its number, its first
// three arguments and, at its exit, its result (x86-64: orig_rax, rdi, rsi,
// rdx, rax; syscall(2), "Architecture calling conventions").
func syscallRegs(tid int) (nr uint64, args [3]uint64, ret int64, err error) {
	var r unix.PtraceRegs
	if err := unix.PtraceGetRegs(tid, &r); err != nil {
		return 0, args, 0, err
	}
	return r.Orig_rax, [3]uint64{r.Rdi, r.Rsi, r.Rdx}, int64(r.Rax), nil
}
