/*
 * The C peer of the Go client's options, for make bench: the tutorial's
 * client (client.c) with -port and -buf. It prints what it reads with
 * fputs(3), through stdio's buffer, as the tutorial does: that is the bar.
 *
 *   bench_client [-port N] [-buf BYTES]
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void ErrorAndExit(const char *str)
{
        printf("Error : %s: %s\n", str, strerror(errno));
        exit(EXIT_FAILURE);
}

int main(int argc, char *argv[])
{
        int port = 5000;
        size_t bufsize = 1023;
        for (int i = 1; i + 1 < argc; i += 2) {
                if (strcmp(argv[i], "-port") == 0) port = atoi(argv[i + 1]);
                else if (strcmp(argv[i], "-buf") == 0) bufsize = (size_t)atol(argv[i + 1]);
                else { fprintf(stderr, "bench_client: unknown flag %s\n", argv[i]); return 2; }
        }
        char *recvBuff = malloc(bufsize + 1);
        int sockfd = socket(AF_INET, SOCK_STREAM, 0);
        if (sockfd < 0) ErrorAndExit("Could not create socket");
        struct sockaddr_in serv_addr = {0};
        serv_addr.sin_family = AF_INET;
        serv_addr.sin_port = htons(port);
        serv_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(sockfd, (struct sockaddr *)&serv_addr, sizeof(serv_addr)) < 0)
                ErrorAndExit("Connect Failed");
        ssize_t n;
        while ((n = read(sockfd, recvBuff, bufsize)) > 0) {
                recvBuff[n] = 0;
                if (fputs(recvBuff, stdout) == EOF)
                        ErrorAndExit("fputs error");
        }
        if (n < 0) ErrorAndExit("Read error");
        return 0;
}
