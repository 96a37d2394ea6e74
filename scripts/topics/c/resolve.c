/*
 * resolve PORT: the tutorial's client, with a name where it has an
 * address. getaddrinfo(3) turns "localhost" into addresses, and the client
 * connects to the first, then reads until end of file as the tutorial's
 * does. getaddrinfo is a function of the C library, not a system call: it
 * reads /etc/nsswitch.conf to learn where to look, then /etc/hosts, and
 * would ask a DNS server only if those files did not answer.
 */
#include <sys/socket.h>
#include <sys/types.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
        int sockfd = 0, n = 0, err = 0;
        char recvBuff[1024];
        struct addrinfo hints = {0}, *res = NULL;

        if( argc != 2 )
        {
                fprintf(stderr, "usage: resolve PORT\n");
                exit(64);       /* EX_USAGE, as the Go programs */
        }

        hints.ai_family = AF_INET;      /* IPv4 addresses, as the tutorial */
        hints.ai_socktype = SOCK_STREAM;
        if( (err = getaddrinfo("localhost", argv[1], &hints, &res)) != 0 )
        {
                printf("Error : getaddrinfo: %s\n", gai_strerror(err));
                exit(EXIT_FAILURE);
        }

        if((sockfd = socket(res->ai_family, res->ai_socktype, res->ai_protocol)) < 0)
        {
                perror("Error : Could not create socket");
                exit(EXIT_FAILURE);
        }

        if( connect(sockfd, res->ai_addr, res->ai_addrlen) < 0)
        {
                perror("Error : Connect Failed");
                exit(EXIT_FAILURE);
        }
        freeaddrinfo(res);

        while ( (n = read(sockfd, recvBuff, sizeof(recvBuff)-1)) > 0)
        {
                recvBuff[n] = 0;
                fputs(recvBuff, stdout);
        }

        return 0;
}
