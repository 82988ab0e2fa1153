/* C types the foreign.edl test declares outside EDL. */
#ifndef EDLTEST_MYTYPES_H
#define EDLTEST_MYTYPES_H

#include <stdint.h>

typedef uint32_t my_handle_t;

typedef struct my_pair {
    int32_t a;
    int32_t b;
} my_pair_t;

typedef my_pair_t* my_pair_ptr_t;
typedef int32_t my_array4_t[4];

#endif
