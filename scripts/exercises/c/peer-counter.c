/*
 * The peer of half-close: a server that reads its one client's request
 * until end of file and answers how many bytes it got. It waits at most
 * 2 seconds for the end of file (poll(2)): a client that never shuts
 * down its sending side is told so on standard error, and gets no answer.
 * It answers in two pieces, "received N" and " bytes\n", the second only
 * once the client has read the first: its socket's receive queue, in the
 * kernel's table of this namespace's sockets (proc(5), /proc/net/tcp), is
 * empty again (or gone). So a client that reads once has the first piece
 * alone, however the machine schedules the two.
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
int Queued(int port);

int main()
{
        int listenfd = 0, connfd = 0, total = 0;
        ssize_t n = 0;
        char buf[1024];
        struct sockaddr_in serv_addr = {0}, client = {0};
        socklen_t len = sizeof(client);
        struct pollfd pfd;
        int waited = 0;

        if( (listenfd = socket(AF_INET, SOCK_STREAM, 0) ) < 0 )
                ErrorAndExit("Could not create socket");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");
        serv_addr.sin_port = htons(5000);

        if( (bind(listenfd, (struct sockaddr*)&serv_addr, sizeof(serv_addr)) ) < 0 )
                ErrorAndExit("Could not bind on Given IP");

        if( (listen(listenfd, 10)  ) < 0 )
                ErrorAndExit("Could not listen");

        if( ( connfd = accept(listenfd, (struct sockaddr*)&client, &len) ) < 0 )
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
        /* the rest once the client has read the first piece, at most 2 s
         * later: the answer is a stream */
        while ( Queued(ntohs(client.sin_port)) > 0 && waited++ < 2000 )
                usleep(1000);
        write(connfd, " bytes\n", 7);

        close(connfd);

        return 0;
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s\n", str);
        exit(EXIT_FAILURE);
}

/* Queued returns the bytes waiting in the receive queue of the socket
 * whose local port is port (rx_queue in /proc/net/tcp), or 0 if there is
 * none. */
int Queued(int port)
{
        char line[512];
        unsigned int local = 0, rx = 0;
        int queued = 0;
        FILE *f = fopen("/proc/net/tcp", "r");

        if( f == NULL )
                return 0;
        while ( fgets(line, sizeof(line), f) != NULL ) {
                /* "  1: 0100007F:A4B2 0100007F:1388 01 00000000:0000000E ..." */
                if( sscanf(line, " %*d: %*x:%x %*x:%*x %*x %*x:%x", &local, &rx) == 2 && (int)local == port )
                        queued = (int)rx;
        }
        fclose(f);
        return queued;
}
