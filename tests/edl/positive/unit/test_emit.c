/* Unit tests for the generated code's helpers (edger8r/common.h) and for
 * edl_emit() on syntax trees built by hand: exact sizes at the limits,
 * and clean failures where generation cannot succeed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <openenclave/edger8r/common.h>

#include "emit.h"

static void test_add_size(void **state)
{
    static const struct {
        size_t total, size, want;
        oe_result_t result;
    } cases[] = {
        {0, 0, 0, OE_OK},
        {0, 1, 16, OE_OK},
        {0, 16, 16, OE_OK},
        {16, 17, 48, OE_OK},
        {0, SIZE_MAX, 0, OE_INTEGER_OVERFLOW},
        {0, SIZE_MAX - 14, 0, OE_INTEGER_OVERFLOW},
        {SIZE_MAX - 15, 16, SIZE_MAX - 15, OE_INTEGER_OVERFLOW},
        {SIZE_MAX - 31, 16, SIZE_MAX - 15, OE_OK},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t total = cases[i].total;
        assert_int_equal(oe_add_size(&total, cases[i].size), cases[i].result);
        if (cases[i].result == OE_OK)
            assert_true(total == cases[i].want);
        else
            assert_true(total == cases[i].total); /* unchanged on failure */
    }
}

static void test_arg_size(void **state)
{
    size_t total = 0;
    (void)state;
    assert_int_equal(oe_edger8r_add_arg_size(&total, 3, 8), OE_OK);
    assert_true(total == 32);
    assert_int_equal(oe_edger8r_add_arg_size(&total, SIZE_MAX / 2, 4), OE_INTEGER_OVERFLOW);
    assert_int_equal(oe_edger8r_add_arg_size(&total, (size_t)-1, 1), OE_INTEGER_OVERFLOW);
    assert_true(total == 32);
}

static void test_reserve(void **state)
{
    uint8_t buf[64];
    size_t off = 16;
    void *where = NULL;
    (void)state;
    assert_int_equal(oe_edger8r_reserve(buf, sizeof(buf), &off, 12, 4, &where), OE_OK);
    assert_ptr_equal(where, buf + 16);
    assert_true(off == 64);
    /* Exactly full: nothing more fits, not even one byte. */
    assert_int_equal(oe_edger8r_reserve(buf, sizeof(buf), &off, 1, 1, &where),
                     OE_BUFFER_TOO_SMALL);
    off = 80; /* an offset already past the end */
    assert_int_equal(oe_edger8r_reserve(buf, sizeof(buf), &off, 0, 1, &where),
                     OE_BUFFER_TOO_SMALL);
    off = 0;
    assert_int_equal(oe_edger8r_reserve(buf, sizeof(buf), &off, SIZE_MAX, 2, &where),
                     OE_INTEGER_OVERFLOW);
    assert_int_equal(oe_edger8r_reserve(NULL, 0, &off, 0, 1, &where), OE_BUFFER_TOO_SMALL);
}

static void test_check_string(void **state)
{
    (void)state;
    assert_int_equal(oe_edger8r_check_string("ab", 3), OE_OK);
    assert_int_equal(oe_edger8r_check_string("ab", 2), OE_INVALID_PARAMETER);
    assert_int_equal(oe_edger8r_check_string("", 0), OE_INVALID_PARAMETER);
    assert_int_equal(oe_edger8r_check_string(NULL, 0), OE_OK);
    assert_int_equal(oe_edger8r_check_wstring(L"w", 2), OE_OK);
    assert_int_equal(oe_edger8r_check_wstring(L"w", 1), OE_INVALID_PARAMETER);
}

/* struct Node { size_t n; [count=n] Node* next; }; with an ECALL taking
 * [in] Node*: a recursive deep copy, which generation must refuse. */
static void make_recursive(edl_file *f, edl_user_type *node, edl_decl *fields,
                           edl_function *fn, edl_decl *param)
{
    memset(fields, 0, 2 * sizeof(*fields));
    fields[0].type.kind = EDL_TYPE_SIZE_T;
    fields[0].name = (char *)"n";
    fields[1].type = (edl_type){EDL_TYPE_STRUCT, (char *)"Node", false, false, 1};
    fields[1].name = (char *)"next";
    fields[1].attrs.present = true;
    fields[1].attrs.count = (edl_size_expr){.present = true, .name = (char *)"n"};
    *node = (edl_user_type){.kind = EDL_USER_STRUCT, .name = (char *)"Node",
                            .fields = fields, .field_count = 2};
    memset(param, 0, sizeof(*param));
    param->type = fields[1].type;
    param->name = (char *)"p";
    param->attrs.present = param->attrs.in = true;
    memset(fn, 0, sizeof(*fn));
    fn->name = (char *)"walk";
    fn->return_type.kind = EDL_TYPE_VOID;
    fn->params = param;
    fn->param_count = 1;
    fn->is_trusted = fn->is_public = true;
    memset(f, 0, sizeof(*f));
    f->name = (char *)"rec";
    f->types = node;
    f->type_count = 1;
    f->trusted = fn;
    f->trusted_count = 1;
}

static void test_emit_refuses_recursive_struct(void **state)
{
    edl_file f;
    edl_user_type node;
    edl_decl fields[2], param;
    edl_function fn;
    char dir[] = "/tmp/edl_emit_XXXXXX";
    edl_emit_options opts = {.trusted = true, .untrusted = true};
    (void)state;
    assert_non_null(mkdtemp(dir));
    opts.trusted_dir = opts.untrusted_dir = dir;
    make_recursive(&f, &node, fields, &fn, &param);
    assert_int_equal(edl_emit(&f, &opts), -1);
    {
        /* The half-written file was removed. */
        char path[64];
        snprintf(path, sizeof(path), "%s/rec_t.c", dir);
        assert_int_not_equal(access(path, F_OK), 0);
    }
    /* Without the function the types alone are fine. */
    f.trusted_count = 0;
    assert_int_equal(edl_emit(&f, &opts), 0);
    const char *names[] = {"rec_args.h", "rec_t.h", "rec_t.c", "rec_u.h", "rec_u.c"};
    for (size_t i = 0; i < 5; i++) {
        char path[64];
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        assert_int_equal(access(path, R_OK), 0);
        unlink(path);
    }
    rmdir(dir);
}

static void test_emit_missing_dir(void **state)
{
    edl_file f;
    edl_emit_options opts = {.trusted = true, .header_only = true,
                             .trusted_dir = "/nonexistent/edl", .untrusted_dir = "."};
    (void)state;
    memset(&f, 0, sizeof(f));
    f.name = (char *)"nodir";
    assert_int_equal(edl_emit(&f, &opts), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_size),
        cmocka_unit_test(test_arg_size),
        cmocka_unit_test(test_reserve),
        cmocka_unit_test(test_check_string),
        cmocka_unit_test(test_emit_refuses_recursive_struct),
        cmocka_unit_test(test_emit_missing_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
