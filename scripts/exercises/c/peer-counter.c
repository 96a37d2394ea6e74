/*
 * The peer of half-close: a server that reads its one client's request
 * until end of file and answers how many bytes it got. It waits at most
 * 2 seconds for the end of file (poll(2)): a client that never shuts
 * down its sending side is told so on standard error, and gets no answer.
 * It answers in two pieces, "received N" and " bytes\n", half a second
 * apart: a client that reads once has the first piece alone.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void ErrorAndExit(const char *str);

int main()
{
        int listenfd = 0, connfd = 0, total = 0;
        ssize_t n = 0;
        char buf[1024];
        struct sockaddr_in serv_addr = {0};
        struct pollfd pfd;

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

        pfd.fd = connfd;
        pfd.events = POLLIN;
        for ( ; ; ) {
                if( poll(&pfd, 1, 2000) == 0 ) {
                        fprintf(stderr, "no end of file from the client within 2 s (after %d bytes)\n", total);
                        close(connfd);
                        return 1;
                }
                if( (n = read(connfd, buf, sizeof(buf))) <= 0 )
                        break;
                total += n;
        }
        if(n < 0)
                ErrorAndExit("Read error");

        n = snprintf(buf, sizeof(buf), "received %d", total);
        write(connfd, buf, n);
        usleep(500000);         /* the rest, later: the answer is a stream */
        write(connfd, " bytes\n", 7);

        close(connfd);

        return 0;
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s\n", str);
        exit(EXIT_FAILURE);
}
