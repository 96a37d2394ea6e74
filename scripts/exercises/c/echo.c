/*
 * echo: a server that reads what its one client sends until end of file
 * (read(2) returns 0: the client shut down its sending side) and writes
 * every byte back as it comes (UNP 5.3, str_echo), then closes.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
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

        /* Each read returns what has arrived, up to sizeof(buf): as many
         * reads as it takes, until 0, the end of file. */
        while ( (n = read(connfd, buf, sizeof(buf))) > 0 )
                if( write(connfd, buf, n) != n )
                        ErrorAndExit("Could not write");

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
