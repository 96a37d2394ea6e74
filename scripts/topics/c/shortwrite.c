/*
 * shortwrite PORT: a client that writes 64 MiB in one write(2) to a
 * server that reads nothing, with a send timeout of half a second
 * (SO_SNDTIMEO, socket(7)). The kernel takes what fits in its buffers, and
 * when the timeout ends the wait for more room, write returns that count:
 * a short write. It writes the rest in a loop, as UNP's writen and Beej's
 * sendall do, until a write takes nothing and fails: EAGAIN.
 */
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void ErrorAndExit(const char *str);

#define SIZE (64 << 20)

int main(int argc, char *argv[])
{
        int sockfd = 0;
        ssize_t n = 0, sent = 0;
        struct sockaddr_in serv_addr = {0};
        struct timeval timeout = {.tv_sec = 0, .tv_usec = 500000};
        char *buf = malloc(SIZE);

        if( argc != 2 )
        {
                fprintf(stderr, "usage: shortwrite PORT\n");
                exit(64);       /* EX_USAGE, as the Go programs */
        }
        if( buf == NULL )
                ErrorAndExit("Could not allocate 64 MiB");
        memset(buf, 'x', SIZE);

        if((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
                ErrorAndExit("Could not create socket");

        if( setsockopt(sockfd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout)) < 0 )
                ErrorAndExit("Could not set SO_SNDTIMEO");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_port = htons(atoi(argv[1]));
        serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");

        if( connect(sockfd, (struct sockaddr *)&serv_addr, sizeof(serv_addr)) < 0)
                ErrorAndExit("Connect Failed");

        /* Write until all is sent, or a write fails. */
        while ( sent < SIZE )
        {
                if( (n = write(sockfd, buf + sent, SIZE - sent)) < 0 )
                        ErrorAndExit("Could not write");
                sent += n;
        }

        return 0;
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s: %s\n", str, strerror(errno));
        exit(EXIT_FAILURE);
}
