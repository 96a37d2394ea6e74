/*
 * The tutorial's client (scripts/tutorial/README.md), as the
 * tutorial has it, with two changes, both marked:
 *   - IP and PORT are wrapped in #ifndef, so that tests can build it with
 *     cc -DPORT=... for a free port; the calls it makes are unchanged.
 *   - memset's fill value is '0' (the tutorial's `0` in back-quotes does not
 *     compile).
 */
#include <sys/socket.h>
#include <sys/types.h>
#include <netinet/in.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>
#include <arpa/inet.h>

void ErrorAndExit(const char *str);

#ifndef IP      /* changed: #ifndef so that cc -DIP=... can override it */
#define IP       "127.0.0.1"    /* Local Host OR Should be your local IP for test */
#endif
#ifndef PORT    /* changed: #ifndef so that cc -DPORT=... can override it */
#define PORT     5000
#endif

int main()
{
        int sockfd = 0, n = 0;
        char recvBuff[1024];
        struct sockaddr_in serv_addr = {0};

        memset(recvBuff, '0',sizeof(recvBuff));    /* changed: was `0` */

        if((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
                ErrorAndExit("Could not create socket");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_port = htons(PORT);
        serv_addr.sin_addr.s_addr = inet_addr(IP);

        if( connect(sockfd, (struct sockaddr *)&serv_addr, sizeof(serv_addr)) < 0)
                ErrorAndExit("Connect Failed");

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
