/*
 * The peer of client-closes-first: the tutorial's client, which closes
 * once it has the server's message ("Server Message", 14 bytes), without
 * waiting for the server's end of file. It gives the server one second
 * (poll(2)) to close first, so that which side closes first is the
 * server's doing, not the scheduler's: a server that closes at once has
 * its FIN in by then; one that waits for the client's close waits out the
 * second, and the client's close sends the first FIN.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void ErrorAndExit(const char *str);

int main()
{
        int sockfd = 0, n = 0, got = 0;
        char recvBuff[1024];
        struct sockaddr_in serv_addr = {0};
        struct pollfd pfd;

        if((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
                ErrorAndExit("Could not create socket");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_port = htons(5000);
        serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");

        if( connect(sockfd, (struct sockaddr *)&serv_addr, sizeof(serv_addr)) < 0)
                ErrorAndExit("Connect Failed");

        pfd.fd = sockfd;
        pfd.events = POLLIN;
        while ( got < 14 && (n = read(sockfd, recvBuff + got, sizeof(recvBuff)-1-got)) > 0)
                got += n;
        if(n < 0)
                ErrorAndExit("Read error");
        recvBuff[got] = 0;
        fputs(recvBuff, stdout);

        poll(&pfd, 1, 1000);    /* the server's FIN, if it sends one first */
        close(sockfd);

        return 0;
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s\n", str);
        exit(EXIT_FAILURE);
}
