/* Parser unit tests: -W option precedence, warnings, preprocessor and
 * limits. */
#include "parser_test.h"
#include "pool.h"

/* Applies options to fresh defaults and returns the state of warning w. */
static void diag_after(edl_diag *d, const char *const *options)
{
    edl_diag_init(d, stderr);
    for (size_t i = 0; options[i]; i++)
        assert_int_equal(edl_diag_option(d, options[i]), 0);
}

static void test_warning_options(void **state)
{
    (void)state;
    edl_diag d;
    const char *none[] = {NULL};
    diag_after(&d, none);
    assert_true(d.enabled[EDL_W_NON_PORTABLE_TYPE] && d.enabled[EDL_W_SIGNED_SIZE_OR_COUNT]);
    assert_false(d.enabled[EDL_W_PTR_IN_STRUCT] || d.as_error[EDL_W_NON_PORTABLE_TYPE]);

    const char *wall_no[] = {"-Wall", "-Wno-return-ptr", NULL};
    diag_after(&d, wall_no);
    assert_true(d.enabled[EDL_W_PTR_IN_STRUCT]);
    assert_false(d.enabled[EDL_W_RETURN_PTR]);

    const char *no_then_w[] = {"-Wno-return-ptr", "-Wreturn-ptr", "-Werror=return-ptr", NULL};
    diag_after(&d, no_then_w);
    assert_false(d.enabled[EDL_W_RETURN_PTR]);

    const char *err_then_w[] = {"-Werror=return-ptr", "-Wreturn-ptr", NULL};
    diag_after(&d, err_then_w);
    assert_true(d.enabled[EDL_W_RETURN_PTR] && d.as_error[EDL_W_RETURN_PTR]);
    assert_false(d.as_error[EDL_W_PTR_IN_STRUCT]);

    const char *werror[] = {"-Werror", NULL};
    diag_after(&d, werror);
    assert_true(d.as_error[EDL_W_NON_PORTABLE_TYPE]);
    assert_false(d.enabled[EDL_W_RETURN_PTR]);

    const char *werror_no[] = {"-Werror", "-Wno-error", "-Werror", NULL};
    diag_after(&d, werror_no);
    assert_false(d.as_error[EDL_W_NON_PORTABLE_TYPE]);

    FILE *devnull = fopen("/dev/null", "w");
    edl_diag_init(&d, devnull);
    assert_int_equal(edl_diag_option(&d, "-Werror=all"), -1);
    assert_int_equal(edl_diag_option(&d, "-Werror=error"), -1);
    assert_int_equal(edl_diag_option(&d, "-Wbogus"), -1);
    assert_int_equal(edl_diag_option(&d, "-Wno-"), -1);
    assert_int_equal(edl_diag_option(&d, "-Wno-all"), 0);
    fclose(devnull);
}

static void test_warnings_reported(void **state)
{
    (void)state;
    static const char text[] =
        "enclave {\n"
        "  struct S { int n; [count=n] int* p; int* q; };\n"
        "  untrusted { int* f(long x, [in, size=n] char* p, int n, void* raw); };\n"
        "};\n";
    edl_run run;
    const char *wall[] = {"-Wall", NULL};
    edl_run_text(&run, "w.edl", text, strlen(text), NULL, wall);
    assert_int_equal(run.rc, 0);
    assert_int_equal(run.diag.warning_count, 6);
    assert_non_null(strstr(run.messages, "warning: w.edl:2:28 struct `S': The size or count "
                                         "parameter `n' should not be signed"));
    assert_non_null(strstr(run.messages, "warning: w.edl:2:44 struct `S': The member `q'"));
    assert_non_null(strstr(run.messages, "warning: w.edl:3:20 Function `f': The function "
                                         "returns a pointer"));
    assert_non_null(strstr(run.messages, "Function `f': `raw' is a pointer that is not"));
    assert_non_null(strstr(run.messages, "warning: w.edl:3:69 warning: Function `f': `long'"));
    edl_run_free(&run);

    const char *werror[] = {"-Werror", NULL};
    edl_run_text(&run, "w.edl", text, strlen(text), NULL, werror);
    assert_int_equal(run.rc, -1);
    assert_int_equal(run.diag.error_count, 1);
    assert_non_null(strstr(run.messages, "error: w.edl:2:28 struct `S': The size or count"));
    edl_run_free(&run);
}

static void test_preprocessor(void **state)
{
    (void)state;
    static const char text[] = "enclave {\n"
                               "#ifdef X\n"
                               "  trusted { public void x(void); };\n"
                               "#ifndef Y\n"
                               "  trusted { public void x_not_y(void); };\n"
                               "#endif\n"
                               "#else\n"
                               "  trusted { public void not_x(void); };\n"
                               "#endif\n"
                               "};\n";
    const char *x[] = {"X", NULL};
    const char *xy[] = {"Y", "X", NULL};
    edl_run run;
    edl_run_text(&run, "pp.edl", text, strlen(text), NULL, NULL);
    assert_int_equal(run.file->trusted_count, 1);
    assert_string_equal(run.file->trusted[0].name, "not_x");
    edl_run_free(&run);
    edl_run_text(&run, "pp.edl", text, strlen(text), x, NULL);
    assert_int_equal(run.file->trusted_count, 2);
    assert_string_equal(run.file->trusted[1].name, "x_not_y");
    edl_run_free(&run);
    edl_run_text(&run, "pp.edl", text, strlen(text), xy, NULL);
    assert_int_equal(run.file->trusted_count, 1);
    assert_string_equal(run.file->trusted[0].name, "x");
    edl_run_free(&run);
}

static void test_limits(void **state)
{
    (void)state;
    /* Nesting beyond the limit is an error, not a crash. */
    size_t n = 100000;
    char *deep = malloc(n * 10 + 64);
    assert_non_null(deep);
    size_t len = (size_t)sprintf(deep, "enclave {\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(deep + len, "#ifdef A\n");
    edl_run run;
    edl_run_text(&run, "deep.edl", deep, len, NULL, NULL);
    assert_int_equal(run.rc, -1);
    assert_non_null(strstr(run.messages, "nested too deeply"));
    edl_run_free(&run);

    /* Many pointers and items: bounded, no recursion. */
    len = (size_t)sprintf(deep, "enclave { untrusted { void f([user_check] int");
    for (size_t i = 0; i < 2000; i++)
        deep[len++] = '*';
    len += (size_t)sprintf(deep + len, " p); }; };");
    edl_run_text(&run, "stars.edl", deep, len, NULL, NULL);
    assert_int_equal(run.rc, -1);
    assert_non_null(strstr(run.messages, "too many levels of pointers"));
    edl_run_free(&run);
    free(deep);

    parse_fails("enclave { untrusted { void f([in, count=18446744073709551616] int* p); }; };",
                "is too large");
    edl_run_text(&run, "max.edl",
                 "enclave { untrusted { void f([in, count=18446744073709551615] int* p); }; };", 76,
                 NULL, NULL);
    assert_int_equal(run.rc, 0);
    assert_true(run.file->untrusted[0].params[0].attrs.count.number == UINT64_MAX);
    edl_run_free(&run);
}

/* Every allocation of a parse can fail: each such run must fail cleanly
 * with one "out of memory" error and free everything (ASan checks leaks). */
static void test_allocation_failures(void **state)
{
    (void)state;
    static const char text[] = "enclave {\n"
                               "  import \"mid.edl\"\n"
                               "  struct S { size_t n; [count=n] int* p; };\n"
                               "  trusted { public int f([in, count=2] S* s, [in, string] char* t) "
                               "transition_using_threads; };\n"
                               "};\n";
    long n = 0;
    for (;; n++) {
        edl_run run;
        edl_pool_fail_after(n);
        edl_run_text(&run, "oom.edl", text, strlen(text), NULL, NULL);
        edl_pool_fail_after(-1);
        int rc = run.rc;
        if (rc != 0) {
            assert_null(run.file);
            assert_int_equal(run.diag.error_count, 1);
            assert_non_null(strstr(run.messages, "error: out of memory"));
        }
        edl_run_free(&run);
        if (rc == 0)
            break;
        assert_true(n < 100000);
    }
    assert_true(n > 20); /* the loop really went through many allocations */
}

int run_diag_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_warning_options),     cmocka_unit_test(test_warnings_reported),
        cmocka_unit_test(test_preprocessor),        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests_name("edl_parser_diag", tests, NULL, NULL);
}
