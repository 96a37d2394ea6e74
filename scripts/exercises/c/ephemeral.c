/*
 * ephemeral: the tutorial's server, bound to port 0, which asks the kernel
 * to choose a free port (ip(7): "ephemeral port"); getsockname(2) tells
 * which it chose. The server prints it, after listen(), so that a client
 * that reads it finds the server listening, then serves one client.
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
        int listenfd = 0, connfd = 0;
        struct sockaddr_in serv_addr = {0};
        socklen_t len = sizeof(serv_addr);

        if( (listenfd = socket(AF_INET, SOCK_STREAM, 0) ) < 0 )
                ErrorAndExit("Could not create socket");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");
        serv_addr.sin_port = htons(0);          /* 0: the kernel chooses */

        if( (bind(listenfd, (struct sockaddr*)&serv_addr, sizeof(serv_addr)) ) < 0 )
                ErrorAndExit("Could not bind on Given IP");

        if( (listen(listenfd, 10)  ) < 0 )
                ErrorAndExit("Could not listen");

        /* value-result: len in is the buffer's size, out the address's */
        if( getsockname(listenfd, (struct sockaddr*)&serv_addr, &len) < 0 )
                ErrorAndExit("Could not get socket name");

        printf("port %d\n", ntohs(serv_addr.sin_port));
        fflush(stdout);         /* now, not at exit: the client waits for it */

        if( ( connfd = accept(listenfd, (struct sockaddr*)NULL, NULL) ) < 0 )
                ErrorAndExit("Could not accept");

        write(connfd, "Server Message", strlen("Server Message"));

        close(connfd);

        return 0;
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s\n", str);
        exit(EXIT_FAILURE);
}
