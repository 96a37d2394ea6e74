/*
 * half-close: the tutorial's client, which sends a request and then shuts
 * down its sending side (shutdown(2), SHUT_WR: the kernel sends FIN, and
 * the server's read() returns 0) while it can still read the answer,
 * which it prints until end of file (UNP 6.6).
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void ErrorAndExit(const char *str);

int main()
{
        int sockfd = 0, n = 0;
        char recvBuff[1024];
        struct sockaddr_in serv_addr = {0};

        if((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
                ErrorAndExit("Could not create socket");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_port = htons(5000);
        serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");

        if( connect(sockfd, (struct sockaddr *)&serv_addr, sizeof(serv_addr)) < 0)
                ErrorAndExit("Connect Failed");

        if( write(sockfd, "Client Message", strlen("Client Message")) < 0 )
                ErrorAndExit("Could not write");

        if( shutdown(sockfd, SHUT_WR) < 0 )     /* done sending; still reading */
                ErrorAndExit("Could not shut down");

        while ( (n = read(sockfd, recvBuff, sizeof(recvBuff)-1)) > 0)
        {
                recvBuff[n] = 0;
                if(fputs(recvBuff, stdout) == EOF)
                        ErrorAndExit("fputs error");
        }

        if(n < 0)
                ErrorAndExit("Read error");

        return 0;
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s\n", str);
        exit(EXIT_FAILURE);
}
