/*
 * lateread PORT: the tutorial's client, which reads late: it waits until
 * the server has closed, and only then reads. Then it splits what it read
 * into messages at each newline, the delimiter twowrites puts after each.
 */
#define _GNU_SOURCE     /* POLLRDHUP, Linux's */
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
        int sockfd = 0, n = 0, count = 0;
        char recvBuff[1024];
        struct sockaddr_in serv_addr = {0};

        if( argc != 2 )
        {
                fprintf(stderr, "usage: lateread PORT\n");
                exit(64);       /* EX_USAGE, as the Go programs */
        }

        if((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
                ErrorAndExit("Could not create socket");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_port = htons(atoi(argv[1]));
        serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");

        if( connect(sockfd, (struct sockaddr *)&serv_addr, sizeof(serv_addr)) < 0)
                ErrorAndExit("Connect Failed");

        /*
         * Wait until the server's FIN has arrived (POLLRDHUP, poll(2)):
         * every byte it wrote before its close is here by then.
         */
        struct pollfd pfd = {.fd = sockfd, .events = POLLRDHUP};
        if( poll(&pfd, 1, -1) < 0 )
                ErrorAndExit("poll");

        while ( (n = read(sockfd, recvBuff, sizeof(recvBuff)-1)) > 0)
        {
                /* Each newline ends a message. */
                char *start = recvBuff, *end;
                while ( (end = memchr(start, '\n', recvBuff + n - start)) != NULL )
        {
                        printf("message %d: %.*s\n", ++count, (int)(end - start), start);
                        start = end + 1;
                }
        }

        if(n < 0)
                ErrorAndExit("Read error");

        return 0;
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s: %s\n", str, strerror(errno));
        exit(EXIT_FAILURE);
}
