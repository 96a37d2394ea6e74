/*
 * udp: the tutorial's exchange over UDP (udp(7)). A datagram socket
 * (SOCK_DGRAM) has no connection: no listen(), no accept(). recvfrom(2)
 * waits for one datagram and says who sent it; sendto(2) answers that
 * address. A datagram is a message: there is no end of file, and a
 * datagram of 0 bytes is a datagram (UNP 8.2).
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void ErrorAndExit(const char *str);

int main()
{
        int sockfd = 0;
        char buf[1024];
        struct sockaddr_in serv_addr = {0}, cli_addr = {0};
        socklen_t len = sizeof(cli_addr);

        if( (sockfd = socket(AF_INET, SOCK_DGRAM, 0) ) < 0 )
                ErrorAndExit("Could not create socket");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");
        serv_addr.sin_port = htons(5000);

        if( (bind(sockfd, (struct sockaddr*)&serv_addr, sizeof(serv_addr)) ) < 0 )
                ErrorAndExit("Could not bind on Given IP");

        /* one datagram, and the address it came from (value-result len) */
        if( recvfrom(sockfd, buf, sizeof(buf), 0, (struct sockaddr*)&cli_addr, &len) < 0 )
                ErrorAndExit("Could not receive");

        if( sendto(sockfd, "Server Message", strlen("Server Message"), 0, (struct sockaddr*)&cli_addr, len) < 0 )
                ErrorAndExit("Could not send");

        close(sockfd);

        return 0;
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s\n", str);
        exit(EXIT_FAILURE);
}
