/* libFuzzer harness for the EDL front end (lexer, preprocessor, parser,
 * checks). Besides "no crash, no leak, no UB" it checks the error contract
 * of edl_parse_buffer: success gives a tree and no error, failure gives no
 * tree and exactly one reported error. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "edl.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *null_out(void)
{
    static FILE *out;
    if (!out)
        out = fopen("/dev/null", "w");
    if (!out)
        abort();
    return out;
}

/* Touches every part of the tree so that a dangling pointer shows. */
static size_t walk(const edl_file *f)
{
    size_t n = f->include_count;
    for (size_t i = 0; i < f->type_count; i++) {
        n += f->types[i].field_count + f->types[i].value_count;
        if (f->types[i].name && edl_find_type(f, f->types[i].name) == NULL)
            abort();
    }
    const edl_function *lists[2] = {f->trusted, f->untrusted};
    size_t counts[2] = {f->trusted_count, f->untrusted_count};
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; i < counts[l]; i++)
            for (size_t j = 0; j < lists[l][i].param_count; j++)
                n += lists[l][i].params[j].dim_count + (lists[l][i].params[j].name[0] != 0);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Two names so that #ifdef and #ifndef both take either branch. */
    static const char *const defines[] = {"A", "OE_SGX"};
    edl_diag diag;
    edl_diag_init(&diag, null_out());
    diag.progress = NULL;
    edl_parse_options opts = {NULL, 0, defines, 2, &diag};
    edl_file *file = NULL;
    int rc = edl_parse_buffer(&file, "fuzz.edl", (const char *)data, size, &opts);
    if (rc == 0 && (file == NULL || diag.error_count != 0))
        abort();
    if (rc != 0 && (file != NULL || diag.error_count != 1))
        abort();
    if (file)
        (void)walk(file);
    edl_file_free(file);
    return 0;
}
