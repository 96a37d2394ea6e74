/*
 * The peer of udp: a UDP client. It sends one datagram ("Client Message")
 * to 127.0.0.1:5000 and prints the datagram that answers, waiting at most
 * 2 seconds (SO_RCVTIMEO, socket(7)): UDP does not tell a sender that
 * nothing listens, so without a bound it would wait forever.
 */
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void ErrorAndExit(const char *str);

int main()
{
        int sockfd = 0, n = 0;
        char recvBuff[1024];
        struct sockaddr_in serv_addr = {0};
        struct timeval wait = {2, 0};

        if((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
                ErrorAndExit("Could not create socket");
        if(setsockopt(sockfd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait)) < 0)
                ErrorAndExit("Could not set a timeout");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_port = htons(5000);
        serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");

        if( sendto(sockfd, "Client Message", strlen("Client Message"), 0, (struct sockaddr *)&serv_addr, sizeof(serv_addr)) < 0)
                ErrorAndExit("Could not send");

        if( (n = recvfrom(sockfd, recvBuff, sizeof(recvBuff)-1, 0, NULL, NULL)) < 0 )
                ErrorAndExit("No answer within 2 s");
        recvBuff[n] = 0;
        fputs(recvBuff, stdout);

        return 0;
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s\n", str);
        exit(EXIT_FAILURE);
}
