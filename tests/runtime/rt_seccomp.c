#include "rt_host.h"
int main(int argc, char **argv)
{
    rt_parse_backend(argc, argv);
    return 0;
}
