/*
 * Peak memory of one process, for make bench: runs PROG with its
 * arguments, and writes the child's peak resident set (ru_maxrss from
 * wait4(2), in KiB) to OUTFILE. Its exit status is the child's.
 *
 *   maxrss OUTFILE PROG [ARG...]
 *
 * Why not the Go bench itself: Go starts children with
 * clone(CLONE_VM|CLONE_VFORK), and Linux keeps the high-water mark of the
 * memory a process had before execve(2), which for a vfork child is its
 * parent's. A fork(2) from this small program leaves only its own few
 * hundred KiB behind (built with -static where the C library allows).
 */
#include <sys/resource.h>
#include <sys/wait.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
        if (argc < 3) { fprintf(stderr, "usage: maxrss OUTFILE PROG [ARG...]\n"); return 2; }
        pid_t pid = fork();
        if (pid < 0) { perror("maxrss: fork"); return 1; }
        if (pid == 0) {
                execv(argv[2], argv + 2);
                perror("maxrss: exec");
                _exit(127);
        }
        int status;
        struct rusage ru;
        if (wait4(pid, &status, 0, &ru) != pid) { perror("maxrss: wait4"); return 1; }
        FILE *f = fopen(argv[1], "w");
        if (f == NULL) { perror("maxrss: fopen"); return 1; }
        fprintf(f, "%ld\n", ru.ru_maxrss);
        fclose(f);
        if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
        return WEXITSTATUS(status);
}
