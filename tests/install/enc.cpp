// helloworld's enclave in C++: the C++ standard library works in enclaves.
#include <cstdio>
#include <string>

#include "helloworld_t.h"

void enclave_helloworld()
{
    std::string greeting = "Hello world from the C++ enclave";
    std::printf("%s\n", greeting.c_str());
    if (host_helloworld() != OE_OK)
        std::fprintf(stderr, "host_helloworld failed\n");
}
