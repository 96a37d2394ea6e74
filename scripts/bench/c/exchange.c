/*
 * One whole exchange as processes, for make bench's hyperfine row, the same
 * harness for every contender: start SERVER with -port 0, read the port it
 * reports on stderr, run CLIENT with -port PORT, check that the client
 * printed exactly "Server Message", wait for both.
 *
 *   exchange SERVER CLIENT [SERVER_CPU CLIENT_CPU]
 *
 * With the CPUs, each process runs pinned to its CPU (sched_setaffinity(2),
 * set in the child before execv, so the program starts there): the same
 * CPU for both, or two different ones.
 * The hello-world floor runs hello programs in both places: they print the
 * same lines and exit, so the harness does the same work around them.
 * Exit status: 0 the exchange was right; 1 it was not.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The readiness line of every server here (grownup.ListeningLine). */
#define LISTENING "grownup-server: listening on "

static pid_t spawn(const char *prog, char *const argv[], int outfd, int errfd, int cpu)
{
        pid_t pid = fork();
        if (pid == 0) {
                if (cpu >= 0) {
                        cpu_set_t set;
                        CPU_ZERO(&set);
                        CPU_SET(cpu, &set);
                        if (sched_setaffinity(0, sizeof(set), &set) < 0) _exit(126);
                }
                if (outfd >= 0) dup2(outfd, 1);
                if (errfd >= 0) dup2(errfd, 2);
                execv(prog, argv);
                _exit(127);
        }
        return pid;
}

static int ok(pid_t pid)
{
        int status;
        return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(int argc, char *argv[])
{
        if (argc != 3 && argc != 5) { fprintf(stderr, "usage: exchange SERVER CLIENT [SERVER_CPU CLIENT_CPU]\n"); return 2; }
        int scpu = argc == 5 ? atoi(argv[3]) : -1, ccpu = argc == 5 ? atoi(argv[4]) : -1;
        int errp[2], outp[2];
        if (pipe(errp) < 0 || pipe(outp) < 0) return 1;

        char *sargv[] = {argv[1], "-port", "0", NULL};
        pid_t server = spawn(argv[1], sargv, -1, errp[1], scpu);
        close(errp[1]);
        char line[256];
        size_t len = 0;
        ssize_t r;
        while (len < sizeof(line) - 1 && (r = read(errp[0], line + len, 1)) == 1 && line[len] != '\n')
                len++;
        line[len] = 0;
        char *colon = strrchr(line, ':');
        if (strncmp(line, LISTENING, strlen(LISTENING)) != 0 || colon == NULL) {
                fprintf(stderr, "exchange: the server said %s\n", line);
                return 1;
        }

        char *cargv[] = {argv[2], "-port", colon + 1, NULL};
        pid_t client = spawn(argv[2], cargv, outp[1], -1, ccpu);
        close(outp[1]);
        char out[64];
        size_t got = 0;
        while (got < sizeof(out) && (r = read(outp[0], out + got, sizeof(out) - got)) > 0)
                got += (size_t)r;
        int good = got == 14 && memcmp(out, "Server Message", 14) == 0;
        good = ok(client) && good;
        good = ok(server) && good;
        if (!good) fprintf(stderr, "exchange: the client printed %.*s\n", (int)got, out);
        return good ? 0 : 1;
}
