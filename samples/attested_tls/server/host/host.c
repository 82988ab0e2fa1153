// The attested TLS sample's host: runs the server enclave, which serves
// TLS over a host socket on 127.0.0.1; prints the port for the clients.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openenclave/host.h>

#include "attested_tls_u.h"

int main(int argc, char** argv)
{
    if (argc < 2) {
        fprintf(stderr, "Usage: %s enclave_image [--simulate] [--connections N] [--port P]\n",
                argv[0]);
        return 1;
    }
    uint32_t flags = OE_ENCLAVE_FLAG_DEBUG;
    int connections = 1;
    uint16_t port = 0, bound = 0;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--simulate") == 0)
            flags |= OE_ENCLAVE_FLAG_SIMULATE;
        else if (strcmp(argv[i], "--connections") == 0 && i + 1 < argc)
            connections = atoi(argv[++i]);
        else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc)
            port = (uint16_t)atoi(argv[++i]);
    }
    oe_enclave_t* enclave = NULL;
    int ret = -1;
    oe_result_t r = oe_create_attested_tls_enclave(argv[1], OE_ENCLAVE_TYPE_AUTO, flags, NULL, 0,
                                                   &enclave);
    if (r == OE_OK)
        r = setup_server(enclave, &ret, port, &bound);
    if (r != OE_OK || ret != 0) {
        fprintf(stderr, "host: server setup failed: %s\n", r != OE_OK ? oe_result_str(r) : "enclave");
        oe_terminate_enclave(enclave);
        return 1;
    }
    printf("host: server listening on 127.0.0.1 port %u\n", bound);
    fflush(stdout);
    r = serve(enclave, &ret, connections);
    oe_terminate_enclave(enclave);
    if (r != OE_OK || ret < 0) {
        fprintf(stderr, "host: serving failed\n");
        return 1;
    }
    printf("host: served %d of %d clients\n", ret, connections);
    return 0;
}
