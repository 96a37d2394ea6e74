/*
 * listener BACKLOG [defer]: a server that listens and never accepts. It
 * makes the tutorial's socket(), bind() and listen(BACKLOG) on a port the
 * kernel chooses, says which on standard error, and waits until it is
 * killed. Connections still arrive: the kernel makes the handshakes and
 * queues them (listen(2)). With "defer", it first sets TCP_DEFER_ACCEPT
 * (tcp(7)): the kernel keeps each connection in the SYN queue until the
 * client sends data, which these clients never do.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void ErrorAndExit(const char *str);

int main(int argc, char *argv[])
{
        int listenfd = 0, seconds = 60;
        struct sockaddr_in serv_addr = {0};
        socklen_t len = sizeof(serv_addr);

        if( argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "defer") != 0) )
        {
                fprintf(stderr, "usage: listener BACKLOG [defer]\n");
                exit(64);       /* EX_USAGE, as the Go programs */
        }

        if( (listenfd = socket(AF_INET, SOCK_STREAM, 0) ) < 0 )
                ErrorAndExit("Could not create socket");

        if( argc == 3 && setsockopt(listenfd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &seconds, sizeof(seconds)) < 0 )
                ErrorAndExit("Could not set TCP_DEFER_ACCEPT");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");
        serv_addr.sin_port = htons(0);  /* any free port */

        if( (bind(listenfd, (struct sockaddr*)&serv_addr, sizeof(serv_addr)) ) < 0 )
                ErrorAndExit("Could not bind on Given IP");

        if( (listen(listenfd, atoi(argv[1]))  ) < 0 )
                ErrorAndExit("Could not listen");

        if( getsockname(listenfd, (struct sockaddr*)&serv_addr, &len) < 0 )
                ErrorAndExit("Could not get the port");
        fprintf(stderr, "listening on 127.0.0.1:%d\n", ntohs(serv_addr.sin_port));

        pause();        /* no accept(): wait for a signal */
        return 0;
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s: %s\n", str, strerror(errno));
        exit(EXIT_FAILURE);
}
