/*
 * goroutines, in C: the echo server for any number of clients at once,
 * one process per connection (fork(2)), until it is stopped: UNP's
 * concurrent server (UNP 4.8, Figure 4.13; 5.8 for the zombies). The child
 * has a copy of every descriptor: it closes the listening socket, serves
 * its client and exits; the parent closes its copy of the connection and
 * accepts the next.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void ErrorAndExit(const char *str);
void Echo(int connfd);

int main()
{
        int listenfd = 0, connfd = 0;
        pid_t pid = 0;
        struct sockaddr_in serv_addr = {0};

        /* SIG_IGN for SIGCHLD: the kernel reaps the children, so none is
         * left a zombie and no handler interrupts accept (sigaction(2)) */
        signal(SIGCHLD, SIG_IGN);

        if( (listenfd = socket(AF_INET, SOCK_STREAM, 0) ) < 0 )
                ErrorAndExit("Could not create socket");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");
        serv_addr.sin_port = htons(5000);

        if( (bind(listenfd, (struct sockaddr*)&serv_addr, sizeof(serv_addr)) ) < 0 )
                ErrorAndExit("Could not bind on Given IP");

        if( (listen(listenfd, 10)  ) < 0 )
                ErrorAndExit("Could not listen");

        for ( ; ; ) {
                if( ( connfd = accept(listenfd, (struct sockaddr*)NULL, NULL) ) < 0 )
                        ErrorAndExit("Could not accept");

                if( (pid = fork()) < 0 )
                        ErrorAndExit("Could not fork");
                if( pid == 0 ) {        /* the child */
                        close(listenfd);
                        Echo(connfd);
                        close(connfd);
                        exit(0);
                }
                close(connfd);          /* the parent: the child has it */
        }
}

/* Echo is echo.c's loop: every byte back, until end of file. */
void Echo(int connfd)
{
        ssize_t n = 0;
        char buf[1024];

        while ( (n = read(connfd, buf, sizeof(buf))) > 0 )
                if( write(connfd, buf, n) != n )
                        ErrorAndExit("Could not write");
        if(n < 0)
                ErrorAndExit("Read error");
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s\n", str);
        exit(EXIT_FAILURE);
}
