/*
 * poll: the echo server for any number of clients at once, in one
 * process, until it is stopped (SIGINT, SIGTERM). poll(2) waits until one
 * of the sockets is ready: the listening socket when a client is in its
 * queue (accept will not wait), a connection when a read will not wait
 * (data, or end of file). Only ready sockets are read, so a client that
 * connects and sends nothing holds up no one (UNP 6.11, Figure 6.26).
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void ErrorAndExit(const char *str);

#define MAXFDS 64       /* the listening socket and 63 clients */

int main()
{
        int listenfd = 0, connfd = 0, nfds = 1, i = 0;
        ssize_t n = 0;
        char buf[1024];
        struct sockaddr_in serv_addr = {0};
        struct pollfd fds[MAXFDS];

        if( (listenfd = socket(AF_INET, SOCK_STREAM, 0) ) < 0 )
                ErrorAndExit("Could not create socket");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");
        serv_addr.sin_port = htons(5000);

        if( (bind(listenfd, (struct sockaddr*)&serv_addr, sizeof(serv_addr)) ) < 0 )
                ErrorAndExit("Could not bind on Given IP");

        if( (listen(listenfd, 10)  ) < 0 )
                ErrorAndExit("Could not listen");

        fds[0].fd = listenfd;
        fds[0].events = POLLIN;

        for ( ; ; ) {
                if( poll(fds, nfds, -1) < 0 )   /* -1: wait as long as it takes */
                        ErrorAndExit("Could not poll");

                if( fds[0].revents & POLLIN ) {
                        if( ( connfd = accept(listenfd, (struct sockaddr*)NULL, NULL) ) < 0 )
                                ErrorAndExit("Could not accept");
                        if( nfds == MAXFDS ) {  /* never silently: say who was turned away */
                                printf("Error : too many clients: closing one\n");
                                fflush(stdout);
                                close(connfd);
                        } else {
                                fds[nfds].fd = connfd;
                                fds[nfds].events = POLLIN;
                                fds[nfds].revents = 0;
                                nfds++;
                        }
                }

                for (i = 1; i < nfds; i++) {
                        if( !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)) )
                                continue;
                        if( (n = read(fds[i].fd, buf, sizeof(buf))) > 0 ) {
                                write(fds[i].fd, buf, n);
                                continue;
                        }
                        if(n < 0)
                                printf("Error : Read error\n");
                        close(fds[i].fd);       /* end of file: this client is done */
                        fds[i--] = fds[--nfds]; /* the last takes its place, and is looked at next */
                }
        }
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s\n", str);
        exit(EXIT_FAILURE);
}
