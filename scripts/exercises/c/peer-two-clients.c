/*
 * The peer of poll and goroutines: two clients of an echo server, in one
 * process. The first connects and sends part of its message, "first ",
 * and then nothing for a while; once the server has read those bytes,
 * the second connects, sends "second client\n", shuts down its sending
 * side and must have its echo within 2 seconds, while the first still
 * waits: a server that reads the first client until end of file, with
 * poll or without, is still waiting there. Then the first sends the
 * rest, "client\n", and reads its echo. Each echo is printed as it ends;
 * an echo without end of file is said so.
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
int Connect(void);
int Unread(int server, int client);
void Exchange(int sockfd, const char *msg, const char *who);

int main()
{
        int first = Connect(), waited = 0;
        struct sockaddr_in self = {0};
        socklen_t len = sizeof(self);

        if( getsockname(first, (struct sockaddr *)&self, &len) < 0 )
                ErrorAndExit("Could not name the first client");
        if( write(first, "first ", 6) != 6 )
                ErrorAndExit("Could not send");
        /* the second connects once the server has read "first ": its
         * socket's receive queue (rx_queue, /proc/net/tcp) is empty; at
         * most 2 s */
        do
                usleep(1000);
        while ( Unread(5000, ntohs(self.sin_port)) != 0 && waited++ < 2000 );
        int second = Connect();

        Exchange(second, "second client\n", "the second client");
        Exchange(first, "client\n", "the first client");
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
 * to end of file; an answer that takes more than 2 s is an error. The
 * first client's answer starts with the "first " it sent before. */
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

/* Unread returns the bytes in the receive queue (rx_queue in
 * /proc/net/tcp) of the socket from port server to port client: 0 once
 * the server has read them; -1 before the server's side exists. */
int Unread(int server, int client)
{
        char line[512];
        unsigned int local = 0, remote = 0, rx = 0;
        int unread = -1;
        FILE *f = fopen("/proc/net/tcp", "r");

        if( f == NULL )
                return 0;
        while ( fgets(line, sizeof(line), f) != NULL ) {
                /* "  1: 0100007F:1388 0100007F:A4B2 01 00000000:00000006 ..." */
                if( sscanf(line, " %*d: %*x:%x %*x:%x %*x %*x:%x", &local, &remote, &rx) == 3
                    && (int)local == server && (int)remote == client )
                        unread = (int)rx;
        }
        fclose(f);
        return unread;
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s\n", str);
        exit(EXIT_FAILURE);
}
