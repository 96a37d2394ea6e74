/*
 * The C hello-world floor of make bench: what a C process costs to start,
 * print and exit. It prints the lines the exchange harness reads, so that
 * it can stand in for the server and the client.
 */
#include <stdio.h>

int main()
{
        fputs("grownup-server: listening on 127.0.0.1:1\n", stderr);
        fputs("Server Message", stdout);
        return 0;
}
