/*
 * noread: the tutorial's server, which waits for its client's request and
 * never reads it. It writes 256 KiB and closes. With the request unread,
 * close(2) sends a reset (RST) in place of a FIN (RFC 1122, 4.2.2.13), and
 * what its kernel had not yet sent is thrown away. It listens on a port
 * the kernel chooses, and says which on standard error.
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

#define SIZE (256 << 10)

int main()
{
        int listenfd = 0, connfd = 0;
        char peek;
        static char sendBuff[SIZE];
        struct sockaddr_in serv_addr = {0};
        socklen_t len = sizeof(serv_addr);

        memset(sendBuff, 'x', sizeof(sendBuff));

        if( (listenfd = socket(AF_INET, SOCK_STREAM, 0) ) < 0 )
                ErrorAndExit("Could not create socket");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");
        serv_addr.sin_port = htons(0);  /* any free port */

        if( (bind(listenfd, (struct sockaddr*)&serv_addr, sizeof(serv_addr)) ) < 0 )
                ErrorAndExit("Could not bind on Given IP");

        if( (listen(listenfd, 10)  ) < 0 )
                ErrorAndExit("Could not listen");

        if( getsockname(listenfd, (struct sockaddr*)&serv_addr, &len) < 0 )
                ErrorAndExit("Could not get the port");
        fprintf(stderr, "listening on 127.0.0.1:%d\n", ntohs(serv_addr.sin_port));

        if( ( connfd = accept(listenfd, (struct sockaddr*)NULL, NULL) ) < 0 )
                ErrorAndExit("Could not accept");

        /* Wait for the request: MSG_PEEK looks at it and leaves it unread. */
        if( recv(connfd, &peek, 1, MSG_PEEK) < 0 )
                ErrorAndExit("Could not peek");

        write(connfd, sendBuff, sizeof(sendBuff));

        close(connfd);

        return 0;
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s: %s\n", str, strerror(errno));
        exit(EXIT_FAILURE);
}
