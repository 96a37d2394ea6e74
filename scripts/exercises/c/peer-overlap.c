/*
 * The peer of goroutines: two clients of an echo server whose exchanges
 * overlap. The first streams "fff..." without reading its echo, until the
 * server can take no more: the first's write would wait, and the server's
 * socket to it holds echo it could not send (its send queue, tx_queue in
 * the kernel's table of this namespace's sockets, proc(5) /proc/net/tcp),
 * so its write to this client waits (the namespace's socket buffers are
 * small, tcp_wmem and tcp_rmem). Then the second sends "second client\n"
 * over and over, 1022 bytes (a 1024-byte buffer's worth, the tutorial's),
 * shuts down its sending side and must have the same back within 2
 * seconds, while the server's write to the first still waits. A server
 * whose connections share one buffer has read the second's bytes into the
 * buffer that the first's write then sends: all of it, wherever in the
 * buffer that write stopped (a write that waits may have taken part of the
 * buffer already; a 14-byte message once let such a server pass). The
 * first then reads its whole echo, which must be what it sent, and prints
 * "first client\n".
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
int Unsent(int server, int client);
void Exchange(int sockfd, const char *msg, const char *who);

#define MAXSTREAM (1 << 20)     /* a bound, far above what small buffers hold */

int main()
{
        static char echo[MAXSTREAM];
        char chunk[4096];
        int first = Connect(), second = 0, sent = 0, got = 0, n = 0, i = 0;
        struct pollfd pfd = {first, POLLOUT, 0};
        struct sockaddr_in self = {0};
        socklen_t len = sizeof(self);

        memset(chunk, 'f', sizeof(chunk));
        if( getsockname(first, (struct sockaddr *)&self, &len) < 0 )
                ErrorAndExit("Could not name the first client");
        fcntl(first, F_SETFL, O_NONBLOCK);
        /* stream until a write would wait and the server holds echo it
         * cannot send: it waits in a write to this client, which does not
         * read; at most MAXSTREAM bytes, and 2 s without a write through */
        while ( sent < MAXSTREAM ) {
                n = write(first, chunk, sizeof(chunk));
                if( n > 0 ) {
                        sent += n;
                        continue;
                }
                if( n < 0 && errno != EAGAIN )
                        ErrorAndExit("Could not send");
                if( Unsent(5000, ntohs(self.sin_port)) > 0 && poll(&pfd, 1, 10) == 0 )
                        break;
                if( poll(&pfd, 1, 2000) == 0 )
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

/* Exchange sends msg repeated, SECOND bytes at most, shuts down the
 * sending side, reads the answer to end of file, and prints msg once if
 * the answer is what it sent; an answer that takes more than 2 s, or
 * differs, is an error. The namespace's 4 KiB buffers hold it all, so
 * there is no need to read while writing. */
#define SECOND 1024
void Exchange(int sockfd, const char *msg, const char *who)
{
        char out[SECOND], buf[4 * SECOND];
        int n = 0, got = 0, len = 0, i = 0, mlen = strlen(msg);
        struct pollfd pfd = {sockfd, POLLIN, 0};

        for ( ; len + mlen <= SECOND; len += mlen)
                memcpy(out + len, msg, mlen);
        if( write(sockfd, out, len) < 0 || shutdown(sockfd, SHUT_WR) < 0 )
                ErrorAndExit("Could not send");
        for ( ; ; ) {
                if( poll(&pfd, 1, 2000) == 0 ) {
                        if( got >= len )
                                printf("Error : %s had its echo, %d bytes, but no end of file within 2 s\n", who, got);
                        else
                                printf("Error : %s had no echo within 2 s (%d bytes of %d)\n", who, got, len);
                        exit(EXIT_FAILURE);
                }
                if( (n = read(sockfd, buf + got, sizeof(buf) - got)) <= 0 )
                        break;
                got += n;
        }
        if(n < 0)
                ErrorAndExit("Read error");
        for (i = 0; i < got && i < len && buf[i] == out[i]; i++)
                ;
        if( got != len || i != got ) {
                printf("Error : %s sent %d bytes and had back %d, with %.14s at byte %d: another client's bytes\n",
                        who, len, got, buf + i, i);
                exit(EXIT_FAILURE);
        }
        fputs(msg, stdout);
        fflush(stdout);
        close(sockfd);
}

/* Unsent returns the bytes in the send queue (tx_queue in /proc/net/tcp)
 * of the socket from port server to port client, or 0 if there is none. */
int Unsent(int server, int client)
{
        char line[512];
        unsigned int local = 0, remote = 0, tx = 0;
        int unsent = 0;
        FILE *f = fopen("/proc/net/tcp", "r");

        if( f == NULL )
                return 0;
        while ( fgets(line, sizeof(line), f) != NULL ) {
                /* "  1: 0100007F:1388 0100007F:A4B2 01 0000F000:00000000 ..." */
                if( sscanf(line, " %*d: %*x:%x %*x:%x %*x %x:%*x", &local, &remote, &tx) == 3
                    && (int)local == server && (int)remote == client )
                        unsent = (int)tx;
        }
        fclose(f);
        return unsent;
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s\n", str);
        exit(EXIT_FAILURE);
}
