/*
 * request PORT: the tutorial's client, which sends a request first. It
 * writes "hello" to noread, waits until the connection has ended (poll(2):
 * POLLHUP comes with the reset), and only then reads, until end of file or
 * an error. It says how many bytes it read.
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
        int sockfd = 0;
        ssize_t n = 0, total = 0;
        static char recvBuff[1 << 20];
        struct sockaddr_in serv_addr = {0};

        if( argc != 2 )
        {
                fprintf(stderr, "usage: request PORT\n");
                exit(64);       /* EX_USAGE, as the Go programs */
        }

        if((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
                ErrorAndExit("Could not create socket");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_port = htons(atoi(argv[1]));
        serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");

        if( connect(sockfd, (struct sockaddr *)&serv_addr, sizeof(serv_addr)) < 0)
                ErrorAndExit("Connect Failed");

        if( write(sockfd, "hello", strlen("hello")) < 0 )
                ErrorAndExit("Could not write");

        /* Events 0: wait for POLLHUP or POLLERR only. */
        struct pollfd pfd = {.fd = sockfd, .events = 0};
        if( poll(&pfd, 1, -1) < 0 )
                ErrorAndExit("poll");

        while ( (n = read(sockfd, recvBuff, sizeof(recvBuff))) > 0)
                total += n;

        printf("read %zd bytes\n", total);
        if(n < 0)
                ErrorAndExit("Read error");

        return 0;
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s: %s\n", str, strerror(errno));
        exit(EXIT_FAILURE);
}
