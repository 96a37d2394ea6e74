/*
 * The tutorial's server (scripts/tutorial/README.md), as the
 * tutorial has it, with two changes, both marked:
 *   - IP and PORT are wrapped in #ifndef, so that tests can build it with
 *     cc -DPORT=... for a free port; the calls it makes are unchanged.
 *   - main() takes no arguments: the tutorial's unused argc and argv do not
 *     compile cleanly with -Wall -Wextra.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>
#include <sys/types.h>

void ErrorAndExit(const char *str);

#ifndef IP      /* changed: #ifndef so that cc -DIP=... can override it */
#define IP       "127.0.0.1"    /* Local Host OR Should be your local IP for test */
#endif
#ifndef PORT    /* changed: #ifndef so that cc -DPORT=... can override it */
#define PORT     5000
#endif

int main()      /* changed: was main(int argc, char *argv[]), both unused */
{
        int listenfd = 0, connfd = 0;
        struct sockaddr_in serv_addr = {0};

        if( (listenfd = socket(AF_INET, SOCK_STREAM, 0) ) < 0 )
                ErrorAndExit("Could not create socket");

        serv_addr.sin_family = AF_INET;
        serv_addr.sin_addr.s_addr = inet_addr(IP);
        serv_addr.sin_port = htons(PORT);

        if( (bind(listenfd, (struct sockaddr*)&serv_addr, sizeof(serv_addr)) ) < 0 )
                ErrorAndExit("Could not bind on Given IP");

        if( (listen(listenfd, 10)  ) < 0 )
                ErrorAndExit("Could not listen");

        if( ( connfd = accept(listenfd, (struct sockaddr*)NULL, NULL) ) < 0 )
                ErrorAndExit("Could not accept");

        write(connfd, "Server Message", strlen("Server Message"));

        close(connfd);
        
        return 0;
}

void ErrorAndExit(const char *str)
{
        printf("Error : %s\n", str);
        exit(EXIT_FAILURE);
}
