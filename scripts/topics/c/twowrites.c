/*
 * twowrites: the tutorial's server, with two writes where it has one.
 * It listens on a port the kernel chooses (port 0) and says which on
 * standard error. Its client, lateread, gets both writes in one read.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void ErrorAndExit(const char *str);

int main()
{
        int listenfd = 0, connfd = 0;
        struct sockaddr_in serv_addr = {0};
        socklen_t len = sizeof(serv_addr);

        if( (listenfd = socket(AF_INET, SOCK_STREAM, 0) ) < 0 )
                ErrorAndExit("Could not create socket");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");
        serv_addr.sin_port = htons(0);  /* any free port */

        if( (bind(listenfd, (struct sockaddr*)&serv_addr, sizeof(serv_addr)) ) < 0 )
                ErrorAndExit("Could not bind on Given IP");

        if( (listen(listenfd, 10)  ) < 0 )
                ErrorAndExit("Could not listen");

        /* Which port the kernel chose: getsockname(2). */
        if( getsockname(listenfd, (struct sockaddr*)&serv_addr, &len) < 0 )
                ErrorAndExit("Could not get the port");
        fprintf(stderr, "listening on 127.0.0.1:%d\n", ntohs(serv_addr.sin_port));

        if( ( connfd = accept(listenfd, (struct sockaddr*)NULL, NULL) ) < 0 )
                ErrorAndExit("Could not accept");

        /* Two messages, each ended by a newline: the delimiter. */
        write(connfd, "Hello\n", strlen("Hello\n"));
        write(connfd, "world\n", strlen("world\n"));

        close(connfd);

        return 0;
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s: %s\n", str, strerror(errno));
        exit(EXIT_FAILURE);
}
