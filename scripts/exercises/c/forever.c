/*
 * forever: the tutorial's server (scripts/tutorial/server.c), serving
 * client after client until it is stopped (SIGINT or SIGTERM end it: their
 * default action, signal(7)). The change is the loop around accept(),
 * write() and close(): UNP's iterative server (UNP 4.6, Figure 4.11).
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

        if( (listenfd = socket(AF_INET, SOCK_STREAM, 0) ) < 0 )
                ErrorAndExit("Could not create socket");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");
        serv_addr.sin_port = htons(5000);

        if( (bind(listenfd, (struct sockaddr*)&serv_addr, sizeof(serv_addr)) ) < 0 )
                ErrorAndExit("Could not bind on Given IP");

        if( (listen(listenfd, 10)  ) < 0 )
                ErrorAndExit("Could not listen");

        for ( ; ; ) {   /* the one change: serve the next client, and the next */
                if( ( connfd = accept(listenfd, (struct sockaddr*)NULL, NULL) ) < 0 )
                        ErrorAndExit("Could not accept");

                write(connfd, "Server Message", strlen("Server Message"));

                close(connfd);
        }
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s\n", str);
        exit(EXIT_FAILURE);
}
