/*
 * The C peer of the Go server's options, for make bench: the tutorial's
 * server (server.c) with -port, -n, -msg and -size, written the way a C
 * programmer would. Not the tutorial: the reference for speed.
 *
 *   bench_server [-port N] [-n N] [-msg TEXT] [-size BYTES]
 *
 * With -port 0 it prints "grownup-server: listening on 127.0.0.1:PORT" on
 * stderr, as the grown-up Go server does. It streams -size bytes of the
 * message repeated in writes of at most 64 KiB, going on after a partial
 * write.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (64 * 1024)

static void ErrorAndExit(const char *str)
{
        printf("Error : %s: %s\n", str, strerror(errno));
        exit(EXIT_FAILURE);
}

static int writen(int fd, const char *p, size_t len)
{
        while (len > 0) {
                ssize_t n = write(fd, p, len);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -1;
                }
                p += n;
                len -= (size_t)n;
        }
        return 0;
}

int main(int argc, char *argv[])
{
        int port = 5000;
        long long connections = 1, size = 0;
        const char *msg = "Server Message";
        for (int i = 1; i + 1 < argc; i += 2) {
                if (strcmp(argv[i], "-port") == 0) port = atoi(argv[i + 1]);
                else if (strcmp(argv[i], "-n") == 0) connections = atoll(argv[i + 1]);
                else if (strcmp(argv[i], "-msg") == 0) msg = argv[i + 1];
                else if (strcmp(argv[i], "-size") == 0) size = atoll(argv[i + 1]);
                else { fprintf(stderr, "bench_server: unknown flag %s\n", argv[i]); return 2; }
        }
        size_t msglen = strlen(msg);
        if (size == 0) size = (long long)msglen;

        /* the pattern: the message repeated to CHUNK + msglen bytes */
        size_t patlen = msglen > 0 ? ((CHUNK + msglen) / msglen + 1) * msglen : 0;
        char *pattern = malloc(patlen + 1);
        for (size_t i = 0; i < patlen; i += msglen) memcpy(pattern + i, msg, msglen);

        int listenfd = socket(AF_INET, SOCK_STREAM, 0);
        if (listenfd < 0) ErrorAndExit("Could not create socket");
        struct sockaddr_in serv_addr = {0};
        serv_addr.sin_family = AF_INET;
        serv_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        serv_addr.sin_port = htons(port);
        if (bind(listenfd, (struct sockaddr *)&serv_addr, sizeof(serv_addr)) < 0)
                ErrorAndExit("Could not bind on Given IP");
        if (listen(listenfd, 10) < 0) ErrorAndExit("Could not listen");
        if (port == 0) {
                socklen_t len = sizeof(serv_addr);
                if (getsockname(listenfd, (struct sockaddr *)&serv_addr, &len) < 0)
                        ErrorAndExit("Could not get socket name");
                fprintf(stderr, "grownup-server: listening on 127.0.0.1:%d\n", ntohs(serv_addr.sin_port));
        }

        int failed = 0;
        for (long long served = 0; connections == 0 || served < connections; served++) {
                int connfd = accept(listenfd, NULL, NULL);
                if (connfd < 0) {
                        if (errno == EINTR || errno == ECONNABORTED) { served--; continue; }
                        ErrorAndExit("Could not accept");
                }
                for (long long sent = 0; sent < size;) {
                        size_t start = (size_t)(sent % (long long)msglen);
                        long long n = size - sent;
                        if (n > CHUNK) n = CHUNK;
                        if (writen(connfd, pattern + start, (size_t)n) < 0) {
                                printf("Error : Could not write: %s\n", strerror(errno));
                                failed = 1;
                                break;
                        }
                        sent += n;
                }
                close(connfd);
        }
        return failed ? 3 : 0;
}
