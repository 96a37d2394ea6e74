/*
 * The load generator of make bench's connection-rate row, the same for
 * every contender: N connections one after another (socket, connect, read
 * to end of file, close), each reply checked against the expected message.
 * It prints the seconds the N connections took, by CLOCK_MONOTONIC.
 *
 *   loadgen -port N -n CONNECTIONS [-msg TEXT]
 *
 * Exit status: 0 all replies right; 1 a call failed or a reply was wrong.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
        int port = 0;
        long n = 1;
        const char *msg = "Server Message";
        for (int i = 1; i + 1 < argc; i += 2) {
                if (strcmp(argv[i], "-port") == 0) port = atoi(argv[i + 1]);
                else if (strcmp(argv[i], "-n") == 0) n = atol(argv[i + 1]);
                else if (strcmp(argv[i], "-msg") == 0) msg = argv[i + 1];
                else { fprintf(stderr, "loadgen: unknown flag %s\n", argv[i]); return 2; }
        }
        size_t want = strlen(msg);
        char buf[4096];
        struct sockaddr_in sa = {0};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(port);
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (long i = 0; i < n; i++) {
                int fd = socket(AF_INET, SOCK_STREAM, 0);
                if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
                        fprintf(stderr, "loadgen: connection %ld: %s\n", i, strerror(errno));
                        return 1;
                }
                size_t got = 0;
                ssize_t r;
                while ((r = read(fd, buf + got, sizeof(buf) - got)) > 0) {
                        got += (size_t)r;
                        if (got == sizeof(buf)) break;
                }
                if (r < 0 || got != want || memcmp(buf, msg, want) != 0) {
                        fprintf(stderr, "loadgen: connection %ld: %zu bytes, not the %zu of the message\n", i, got, want);
                        return 1;
                }
                close(fd);
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        printf("%.6f\n", (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
        return 0;
}
