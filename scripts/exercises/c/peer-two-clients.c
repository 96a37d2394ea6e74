/*
 * The peer of poll and goroutines: two clients of an echo server, in one
 * process. The first connects and sends part of its message, "first ",
 * and then nothing for a while; the second connects, sends "second
 * client\n", shuts down its sending side and must have its echo within 2
 * seconds, while the first still waits: a server that reads the first
 * client until end of file, with poll or without, is still waiting there.
 * Then the first sends the rest, "client\n", and reads its echo. Each
 * echo is printed as it ends; an echo without end of file is said so.
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
void Exchange(int sockfd, const char *msg, const char *who);

int main()
{
        int first = Connect();

        if( write(first, "first ", 6) != 6 )
                ErrorAndExit("Could not send");
        usleep(100000);         /* the server has seen it readable */
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

void ErrorAndExit(const char *str)
{
        printf("Error : %s\n", str);
        exit(EXIT_FAILURE);
}
