/*
 * The peer of echo: a client that sends "Client Message" in two pieces,
 * "Client " and "Message", and waits up to a second for the first
 * piece's echo before it sends the second: a server that reads once and
 * writes back what that read returned has the first piece alone. Then it
 * shuts down its sending side (SHUT_WR: the server's read returns 0) and
 * prints what comes back until end of file, waiting at most 2 seconds
 * for each part. Its own errors go to standard error, so that what it
 * prints on standard output is what the server sent.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void ErrorAndExit(const char *str);

int main()
{
        int sockfd = 0, n = 0, got = 0;
        char buf[1024];
        struct sockaddr_in serv_addr = {0};
        struct pollfd pfd;

        /* a write to a server that has closed fails (EPIPE) and is said
         * so, with what came back, instead of killing this client */
        signal(SIGPIPE, SIG_IGN);

        if((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
                ErrorAndExit("Could not create socket");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_port = htons(5000);
        serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");

        if( connect(sockfd, (struct sockaddr *)&serv_addr, sizeof(serv_addr)) < 0)
                ErrorAndExit("Connect Failed");

        pfd.fd = sockfd;
        pfd.events = POLLIN;
        if( write(sockfd, "Client ", 7) != 7 )
                ErrorAndExit("Could not write");
        /* the first piece's echo, or a second without it */
        while ( got < 7 && poll(&pfd, 1, 1000) > 0 && (n = read(sockfd, buf + got, sizeof(buf)-1-got)) > 0 )
                got += n;
        if( write(sockfd, "Message", 7) != 7 || shutdown(sockfd, SHUT_WR) < 0 ) {
                buf[got] = 0;
                fputs(buf, stdout);
                ErrorAndExit("Could not send the second piece, \"Message\", and shut down");
        }
        for ( ; ; ) {
                if( poll(&pfd, 1, 2000) == 0 ) {
                        buf[got] = 0;
                        fputs(buf, stdout);
                        ErrorAndExit("no end of file within 2 s of the shutdown");
                }
                if( (n = read(sockfd, buf + got, sizeof(buf)-1-got)) <= 0 )
                        break;
                got += n;
        }
        buf[got] = 0;
        fputs(buf, stdout);
        if(n < 0)
                ErrorAndExit("Read error");

        return 0;
}

void ErrorAndExit(const char *str)
{
        fflush(stdout);
        fprintf(stderr, "Error : %s\n", str);
        exit(EXIT_FAILURE);
}
