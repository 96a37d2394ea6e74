package main

// clearInheritedNonblock has nothing to do on Linux: per accept(2), "On
// Linux, the new socket returned by accept() does not inherit file status
// flags such as O_NONBLOCK and O_ASYNC from the listening socket."
func clearInheritedNonblock(connfd int) {}
