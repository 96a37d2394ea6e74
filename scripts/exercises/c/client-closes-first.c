/*
 * client-closes-first: the tutorial's server, which waits for the client
 * to close before it closes: after its write, it reads until end of file
 * (read(2) returns 0 when the client's FIN arrives). The side that closes
 * first is the one that waits in TIME_WAIT (RFC 9293, 3.6): now the client.
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
        ssize_t n = 0;
        char buf[1024];
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

        if( ( connfd = accept(listenfd, (struct sockaddr*)NULL, NULL) ) < 0 )
                ErrorAndExit("Could not accept");

        write(connfd, "Server Message", strlen("Server Message"));

        /* wait for the client's close: its FIN is the end of file */
        while ( (n = read(connfd, buf, sizeof(buf))) > 0 )
                ;
        if(n < 0)
                ErrorAndExit("Read error");

        close(connfd);

        return 0;
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s\n", str);
        exit(EXIT_FAILURE);
}
