/*
 * What the tutorial's inet_addr(3) makes of the -ip values the Go server
 * refuses, and what bind(2) and connect(2) then do with the worst of them
 * (TestInetAddrIsLoose).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int main(void)
{
        const char *ips[] = {"1.2.3", "0x7f.0.0.1", "999.1.1.1"};
        for (int i = 0; i < 3; i++) {
                struct in_addr a = {.s_addr = inet_addr(ips[i])};
                printf("inet_addr(\"%s\") = %s\n", ips[i], inet_ntoa(a));
        }
        struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = inet_addr("999.1.1.1")};
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        int r = bind(fd, (struct sockaddr *)&sa, sizeof sa);
        printf("bind to it: %s\n", r == 0 ? "0" : strerror(errno));
        socklen_t len = sizeof sa;
        getsockname(fd, (struct sockaddr *)&sa, &len);
        listen(fd, 10);
        int c = socket(AF_INET, SOCK_STREAM, 0);
        r = connect(c, (struct sockaddr *)&sa, sizeof sa);
        printf("connect to it: %s\n", r == 0 ? "0" : strerror(errno));
        return 0;
}
