/* Parser unit tests: the merged tree after imports (OE's order: own items
 * first, then imported ones, in import order). */
#include "parser_test.h"

static void assert_names(const edl_function *fs, size_t count, const char *const *names)
{
    size_t i = 0;
    for (; names[i]; i++) {
        if (i >= count)
            fail_msg("missing %s", names[i]);
        assert_string_equal(fs[i].name, names[i]);
    }
    assert_int_equal(count, i);
}

static void test_import_order(void **state)
{
    (void)state;
    edl_run run;
    edl_file *f = parse_ok(&run, "enclave {\n"
                                 "    trusted { public void own_e1(void); };\n"
                                 "    import \"mid.edl\"\n"
                                 "    untrusted { void own_o1(base_t b); };\n"
                                 "    trusted { public void own_e2(void); };\n"
                                 "};\n");
    static const char *const trusted[] = {"own_e1", "own_e2", "mid_e", "base_e1", "base_e2", NULL};
    static const char *const untrusted[] = {"own_o1", "base_o1", NULL};
    assert_names(f->trusted, f->trusted_count, trusted);
    assert_names(f->untrusted, f->untrusted_count, untrusted);
    /* In source order: mid.edl imports base.edl before its own include. */
    assert_int_equal(f->include_count, 2);
    assert_string_equal(f->includes[0], "base.h");
    assert_string_equal(f->includes[1], "mid.h");
    assert_int_equal(f->type_count, 1);
    assert_string_equal(f->types[0].name, "base_t");
    /* Locations of imported items name their own file. */
    const edl_function *b = find_function(f->trusted, f->trusted_count, "base_e1");
    assert_non_null(strstr(b->loc.file, "data/base.edl"));
    assert_int_equal(b->loc.line, 8);
    /* A parameter of an imported EDL type is resolved too. */
    assert_int_equal(f->untrusted[0].params[0].type.kind, EDL_TYPE_STRUCT);
    edl_run_free(&run);
}

static void test_selective_import(void **state)
{
    (void)state;
    edl_run run;
    edl_file *f = parse_ok(&run, "enclave {\n"
                                 "    from \"base.edl\" import base_o1, base_e2;\n"
                                 "    trusted { public void own(void); };\n"
                                 "};\n");
    static const char *const trusted[] = {"own", "base_e2", NULL};
    static const char *const untrusted[] = {"base_o1", NULL};
    assert_names(f->trusted, f->trusted_count, trusted);
    assert_names(f->untrusted, f->untrusted_count, untrusted);
    assert_int_equal(f->type_count, 1); /* types always come along */
    assert_int_equal(f->include_count, 1);
    edl_run_free(&run);
}

static void test_diamond(void **state)
{
    (void)state;
    edl_run run;
    edl_file *f = parse_ok(&run, "enclave {\n"
                                 "    from \"base.edl\" import base_e2;\n"
                                 "    import \"mid.edl\"\n"
                                 "    from \"base.edl\" import *;\n"
                                 "};\n");
    static const char *const trusted[] = {"base_e2", "mid_e", "base_e1", NULL};
    assert_names(f->trusted, f->trusted_count, trusted);
    assert_int_equal(f->type_count, 1);
    edl_run_free(&run);
}

static void test_import_errors(void **state)
{
    (void)state;
    parse_fails("enclave { import \"base.edl\" struct base_t { int y; }; };",
                "Duplicate type definition detected for base_t");
    parse_fails("enclave { untrusted { void base_e1(void); }; import \"base.edl\" };",
                "Duplicate function definition detected for base_e1");
    parse_fails("enclave { from \"base.edl\" import nope; };",
                "function nope not found in imported edl.");
    parse_fails("enclave { import \"missing.edl\" };",
                "error: file not found within search paths: missing.edl\n");
    /* The buffer's own name takes part in recursion detection. */
    parse_fails("enclave { import \"" EDL_TEST_DATA_DIR "/../selfref.edl\" };", "file not found");
}

int run_import_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_order),
        cmocka_unit_test(test_selective_import),
        cmocka_unit_test(test_diamond),
        cmocka_unit_test(test_import_errors),
    };
    return cmocka_run_group_tests_name("edl_parser_imports", tests, NULL, NULL);
}
