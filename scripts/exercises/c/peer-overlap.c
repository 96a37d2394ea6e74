/*
 * The peer of goroutines: two clients of an echo server whose exchanges
 * overlap. The first streams "fff..." without reading its echo, until the
 * server can take no more (its write to this client waits: the namespace's
 * socket buffers are small, tcp_wmem and tcp_rmem); then the second sends
 * "second client\n", shuts down its sending side and must have its echo
 * within 2 seconds, while the server's write to the first still waits. A
 * server whose connections share one buffer has read the second's bytes
 * into the buffer that the first's write then sends. The first then reads
 * its whole echo, which must be what it sent, and prints "first client\n".
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void ErrorAndExit(const char *str);
int Connect(void);
void Exchange(int sockfd, const char *msg, const char *who);

#define MAXSTREAM (1 << 20)     /* a bound, far above what small buffers hold */

int main()
{
        static char echo[MAXSTREAM];
        char chunk[4096];
        int first = Connect(), second = 0, sent = 0, got = 0, n = 0, i = 0;
        struct pollfd pfd = {first, POLLOUT, 0};

        memset(chunk, 'f', sizeof(chunk));
        fcntl(first, F_SETFL, O_NONBLOCK);
        /* stream until no write gets through for 300 ms: the server waits
         * in a write to this client, which does not read */
        while ( sent < MAXSTREAM ) {
                n = write(first, chunk, sizeof(chunk));
                if( n > 0 ) {
                        sent += n;
                        continue;
                }
                if( n < 0 && errno != EAGAIN )
                        ErrorAndExit("Could not send");
                if( poll(&pfd, 1, 300) == 0 )
                        break;
        }

        second = Connect();
        Exchange(second, "second client\n", "the second client");

        fcntl(first, F_SETFL, 0);
        if( shutdown(first, SHUT_WR) < 0 )
                ErrorAndExit("Could not shut down");
        pfd.events = POLLIN;
        for ( ; ; ) {
                if( poll(&pfd, 1, 2000) == 0 ) {
                        printf("Error : the first client had %d of its %d bytes back, and then nothing for 2 s\n", got, sent);
                        exit(EXIT_FAILURE);
                }
                if( (n = read(first, echo + got, sizeof(echo) - got)) <= 0 )
                        break;
                got += n;
        }
        if(n < 0)
                ErrorAndExit("Read error");
        for (i = 0; i < got && echo[i] == 'f'; i++)
                ;
        if( got != sent || i != got ) {
                printf("Error : the first client sent %d bytes \"f\" and had back %d, with %.14s at byte %d: another client's bytes\n",
                        sent, got, echo + i, i);
                exit(EXIT_FAILURE);
        }
        printf("first client\n");
        return 0;
}

int Connect(void)
{
        int sockfd = 0;
        struct sockaddr_in serv_addr = {0};

        if((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
                ErrorAndExit("Could not create socket");
        serv_addr.sin_family = AF_INET;
        serv_addr.sin_port = htons(5000);
        serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");
        if( connect(sockfd, (struct sockaddr *)&serv_addr, sizeof(serv_addr)) < 0)
                ErrorAndExit("Connect Failed");
        return sockfd;
}

/* Exchange sends msg, shuts down the sending side, and prints the answer
 * to end of file; an answer that takes more than 2 s is an error. */
void Exchange(int sockfd, const char *msg, const char *who)
{
        char buf[1024];
        int n = 0, got = 0;
        struct pollfd pfd = {sockfd, POLLIN, 0};

        if( write(sockfd, msg, strlen(msg)) < 0 || shutdown(sockfd, SHUT_WR) < 0 )
                ErrorAndExit("Could not send");
        for ( ; ; ) {
                if( poll(&pfd, 1, 2000) == 0 ) {
                        buf[got] = 0;
                        if( strstr(buf, msg) != NULL )
                                printf("Error : %s had its echo, %d bytes, but no end of file within 2 s\n", who, got);
                        else
                                printf("Error : %s had no echo within 2 s (%d bytes of it)\n", who, got);
                        exit(EXIT_FAILURE);
                }
                if( (n = read(sockfd, buf + got, sizeof(buf)-1-got)) <= 0 )
                        break;
                got += n;
        }
        if(n < 0)
                ErrorAndExit("Read error");
        buf[got] = 0;
        fputs(buf, stdout);
        fflush(stdout);
        close(sockfd);
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s\n", str);
        exit(EXIT_FAILURE);
}
