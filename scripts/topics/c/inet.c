/*
 * inet: what inet_addr(3), which the tutorial calls, and inet_pton(3),
 * which replaced it, make of the same strings. inet_addr takes the old
 * loose forms of inet_aton(3): fewer than four parts, hexadecimal and
 * octal parts. It returns INADDR_NONE, which is also 255.255.255.255, for
 * what it cannot read. inet_pton(AF_INET, ...) takes four decimal parts
 * and nothing else, and returns 1, or 0 for anything else.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>

int main()
{
        const char *inputs[] = {"127.0.0.1", "1.2.3", "127.1", "0x7f.0.0.1", "010.0.0.1",
                                "999.1.1.1", "255.255.255.255"};

        printf("%-17s  %-17s  %s\n", "string", "inet_addr", "inet_pton");
        for (unsigned i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
                struct in_addr addr = {.s_addr = inet_addr(inputs[i])};
                struct in_addr pton = {0};
                int ok = inet_pton(AF_INET, inputs[i], &pton);
                char quoted[32];

                snprintf(quoted, sizeof(quoted), "\"%s\"", inputs[i]);
                printf("%-17s  %-17s  ", quoted, inet_ntoa(addr));
                if (ok == 1)
                        printf("1, %s\n", inet_ntoa(pton));
                else
                        printf("%d, not an address\n", ok);
        }
        return 0;
}
