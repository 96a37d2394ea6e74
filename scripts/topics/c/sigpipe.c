/*
 * sigpipe PORT: the tutorial's client, which answers after the server has
 * closed. It reads to end of file, as the tutorial's does, then writes
 * "thanks" to the closed connection. The server's kernel answers those
 * bytes with a reset (RST). sigpipe waits until the reset has arrived
 * (poll(2): POLLHUP), and writes again: that write fails with EPIPE, and
 * the kernel sends the process SIGPIPE, whose default action ends it
 * (signal(7)). The last line of main is never reached.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void ErrorAndExit(const char *str);

int main(int argc, char *argv[])
{
        int sockfd = 0, n = 0;
        char recvBuff[1024];
        struct sockaddr_in serv_addr = {0};

        if( argc != 2 )
        {
                fprintf(stderr, "usage: sigpipe PORT\n");
                exit(64);       /* EX_USAGE, as the Go programs */
        }

        if((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
                ErrorAndExit("Could not create socket");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_port = htons(atoi(argv[1]));
        serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");

        if( connect(sockfd, (struct sockaddr *)&serv_addr, sizeof(serv_addr)) < 0)
                ErrorAndExit("Connect Failed");

        while ( (n = read(sockfd, recvBuff, sizeof(recvBuff)-1)) > 0)
                ;
        if(n < 0)
                ErrorAndExit("Read error");

        /* The server has closed: this write goes, and a reset comes back. */
        if( write(sockfd, "thanks", strlen("thanks")) < 0 )
                ErrorAndExit("Could not write");

        /* Wait for the reset: events 0 waits for POLLHUP or POLLERR only. */
        struct pollfd pfd = {.fd = sockfd, .events = 0};
        if( poll(&pfd, 1, -1) < 0 )
                ErrorAndExit("poll");

        if( write(sockfd, "thanks", strlen("thanks")) < 0 )
                ErrorAndExit("Could not write");

        return 0;
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s: %s\n", str, strerror(errno));
        exit(EXIT_FAILURE);
}
