/* Parser unit tests: the tree built for the constructs of the grammar. */
#include "parser_test.h"

void edl_run_text(edl_run *run, const char *name, const char *text, size_t len,
                  const char *const *defines, const char *const *woptions)
{
    memset(run, 0, sizeof(*run));
    FILE *out = open_memstream(&run->messages, &run->messages_size);
    assert_non_null(out);
    edl_diag_init(&run->diag, out);
    run->diag.progress = NULL;
    for (size_t i = 0; woptions && woptions[i]; i++)
        assert_int_equal(edl_diag_option(&run->diag, woptions[i]), 0);
    size_t define_count = 0;
    while (defines && defines[define_count])
        define_count++;
    const char *search[] = {EDL_TEST_DATA_DIR};
    edl_parse_options opts = {search, 1, defines, define_count, &run->diag};
    run->rc = edl_parse_buffer(&run->file, name, text, len, &opts);
    fclose(out);
}

void edl_run_free(edl_run *run)
{
    edl_file_free(run->file);
    free(run->messages);
    memset(run, 0, sizeof(*run));
}

edl_file *parse_ok(edl_run *run, const char *text)
{
    edl_run_text(run, "test.edl", text, strlen(text), NULL, NULL);
    if (run->rc != 0)
        fail_msg("unexpected failure: %s", run->messages);
    assert_non_null(run->file);
    return run->file;
}

void parse_fails(const char *text, const char *message)
{
    edl_run run;
    edl_run_text(&run, "test.edl", text, strlen(text), NULL, NULL);
    assert_int_equal(run.rc, -1);
    assert_null(run.file);
    assert_int_equal(run.diag.error_count, 1);
    if (!strstr(run.messages, message))
        fail_msg("expected \"%s\" in \"%s\"", message, run.messages);
    edl_run_free(&run);
}

const edl_function *find_function(const edl_function *fs, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(fs[i].name, name) == 0)
            return &fs[i];
    return NULL;
}

static const char functions_edl[] =
    "enclave {\n"
    "    include \"a.h\"\n"
    "    include \"b.h\"\n"
    "    include \"a.h\"\n"
    "    trusted {\n"
    "        public int ecall1([in, count=n] const int* a, size_t n, [in, string] char* s);\n"
    "        public void ecall2(void) transition_using_threads;\n"
    "    };\n"
    "    untrusted {\n"
    "        char* ocall1([out, size=16] void* buf, [in, out] uint8_t data[4][8]) propagate_errno\n"
    "            transition_using_threads;\n"
    "        void ocall2() transition_using_threads propagate_errno;\n"
    "        void ocall3([user_check] void* p, [in, isary] my_array_t a, [out, isptr] my_ptr_t q)\n"
    "            allow(ecall1, ecall2);\n"
    "    };\n"
    "};\n";

static void test_functions(void **state)
{
    (void)state;
    edl_run run;
    edl_file *f = parse_ok(&run, functions_edl);
    assert_string_equal(f->name, "test");
    assert_int_equal(f->include_count, 2); /* deduplicated, quotes removed */
    assert_string_equal(f->includes[0], "a.h");
    assert_string_equal(f->includes[1], "b.h");
    assert_int_equal(f->trusted_count, 2);
    assert_int_equal(f->untrusted_count, 3);

    const edl_function *e1 = &f->trusted[0];
    assert_string_equal(e1->name, "ecall1");
    assert_true(e1->is_trusted && e1->is_public && !e1->is_switchless);
    assert_int_equal(e1->loc.line, 6);
    assert_int_equal(e1->loc.col, 20);
    assert_string_equal(e1->loc.file, "test.edl");
    assert_int_equal(e1->return_type.kind, EDL_TYPE_INT);
    assert_int_equal(e1->param_count, 3);
    const edl_decl *a = &e1->params[0];
    assert_string_equal(a->name, "a");
    assert_true(a->attrs.present && a->attrs.in && !a->attrs.out);
    assert_true(a->attrs.count.present && !a->attrs.count.is_number);
    assert_string_equal(a->attrs.count.name, "n");
    assert_int_equal(a->attrs.count.loc.line, 6);
    assert_true(a->type.is_const);
    assert_int_equal(a->type.pointer_depth, 1);
    assert_int_equal(e1->params[1].type.kind, EDL_TYPE_SIZE_T);
    assert_false(e1->params[1].attrs.present);
    assert_true(e1->params[2].attrs.string);
    assert_true(f->trusted[1].is_switchless);
    assert_int_equal(f->trusted[1].param_count, 0);

    const edl_function *o1 = &f->untrusted[0];
    assert_false(o1->is_trusted);
    assert_true(o1->propagate_errno && o1->is_switchless);
    assert_int_equal(o1->return_type.kind, EDL_TYPE_CHAR);
    assert_int_equal(o1->return_type.pointer_depth, 1);
    assert_true(o1->params[0].attrs.size.is_number);
    assert_int_equal(o1->params[0].attrs.size.number, 16);
    const edl_decl *data = &o1->params[1];
    assert_true(data->attrs.in && data->attrs.out);
    assert_int_equal(data->type.kind, EDL_TYPE_UINT8);
    assert_int_equal(data->dim_count, 2);
    assert_string_equal(data->dims[0], "4");
    assert_string_equal(data->dims[1], "8");
    assert_true(f->untrusted[1].propagate_errno && f->untrusted[1].is_switchless);

    const edl_function *o3 = &f->untrusted[2];
    assert_int_equal(o3->allow_count, 2);
    assert_string_equal(o3->allow[1], "ecall2");
    assert_true(o3->params[0].attrs.user_check);
    assert_true(o3->params[1].attrs.isary);
    assert_int_equal(o3->params[1].type.kind, EDL_TYPE_FOREIGN);
    assert_string_equal(o3->params[1].type.name, "my_array_t");
    assert_true(o3->params[2].attrs.isptr && o3->params[2].attrs.out);
    edl_run_free(&run);
}

/* Each type spelling and the kind it must become. */
static const struct {
    const char *spelling;
    edl_type_kind kind;
    int pointer_depth;
} type_cases[] = {
    {"void*", EDL_TYPE_VOID, 1},
    {"bool", EDL_TYPE_BOOL, 0},
    {"char", EDL_TYPE_CHAR, 0},
    {"char int", EDL_TYPE_CHAR, 0},
    {"short", EDL_TYPE_SHORT, 0},
    {"short int", EDL_TYPE_SHORT, 0},
    {"int", EDL_TYPE_INT, 0},
    {"long", EDL_TYPE_LONG, 0},
    {"long int", EDL_TYPE_LONG, 0},
    {"long long", EDL_TYPE_LONG_LONG, 0},
    {"unsigned", EDL_TYPE_UNSIGNED_INT, 0},
    {"unsigned int", EDL_TYPE_UNSIGNED_INT, 0},
    {"unsigned char", EDL_TYPE_UNSIGNED_CHAR, 0},
    {"unsigned short int", EDL_TYPE_UNSIGNED_SHORT, 0},
    {"unsigned long", EDL_TYPE_UNSIGNED_LONG, 0},
    {"unsigned long long", EDL_TYPE_UNSIGNED_LONG_LONG, 0},
    {"float", EDL_TYPE_FLOAT, 0},
    {"double", EDL_TYPE_DOUBLE, 0},
    {"long double", EDL_TYPE_LONG_DOUBLE, 0},
    {"wchar_t", EDL_TYPE_WCHAR, 0},
    {"size_t", EDL_TYPE_SIZE_T, 0},
    {"int8_t", EDL_TYPE_INT8, 0},
    {"int16_t", EDL_TYPE_INT16, 0},
    {"int32_t", EDL_TYPE_INT32, 0},
    {"int64_t", EDL_TYPE_INT64, 0},
    {"uint8_t", EDL_TYPE_UINT8, 0},
    {"uint16_t", EDL_TYPE_UINT16, 0},
    {"uint32_t", EDL_TYPE_UINT32, 0},
    {"uint64_t", EDL_TYPE_UINT64, 0},
    {"oe_host_fd_t", EDL_TYPE_FOREIGN, 0},
    {"const char**", EDL_TYPE_CHAR, 2},
};

static void test_types(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(type_cases) / sizeof(type_cases[0]); i++) {
        char text[256];
        snprintf(text, sizeof(text),
                 "enclave { untrusted { void f([user_check] void* p, %s x); }; };",
                 type_cases[i].spelling);
        edl_run run;
        edl_file *f = parse_ok(&run, text);
        const edl_type *t = &f->untrusted[0].params[1].type;
        if (t->kind != type_cases[i].kind || t->pointer_depth != type_cases[i].pointer_depth)
            fail_msg("%s: kind %d depth %d", type_cases[i].spelling, t->kind, t->pointer_depth);
        assert_int_equal(t->is_const, strncmp(type_cases[i].spelling, "const", 5) == 0);
        edl_run_free(&run);
    }
}

static void test_user_types(void **state)
{
    (void)state;
    edl_run run;
    edl_file *f = parse_ok(
        &run,
        "enclave {\n"
        "    enum Color { Red = 1, Green, Blue = OTHER, };\n"
        "    enum { Anon };\n"
        "    struct S { size_t n; [count=n, size=4] int* p; char name[16]; };\n"
        "    union U { int i; float f; };\n"
        "    trusted {\n"
        "        public S f1([in] S* s, struct S* t, Color c, enum Color d, U u, other_t o);\n"
        "    };\n"
        "};\n");
    assert_int_equal(f->type_count, 4);
    const edl_user_type *color = edl_find_type(f, "Color");
    assert_non_null(color);
    assert_int_equal(color->kind, EDL_USER_ENUM);
    assert_int_equal(color->value_count, 3);
    assert_string_equal(color->values[0].value, "1");
    assert_null(color->values[1].value);
    assert_string_equal(color->values[2].value, "OTHER");
    assert_null(f->types[1].name); /* anonymous enum */
    const edl_user_type *s = edl_find_type(f, "S");
    assert_int_equal(s->kind, EDL_USER_STRUCT);
    assert_int_equal(s->field_count, 3);
    assert_true(s->fields[0].attrs.is_size_or_count);
    assert_false(s->fields[0].attrs.present);
    assert_true(s->fields[1].attrs.count.present && s->fields[1].attrs.size.present);
    assert_false(s->fields[1].attrs.is_size_or_count);
    assert_string_equal(s->fields[2].dims[0], "16");
    assert_int_equal(edl_find_type(f, "U")->kind, EDL_USER_UNION);
    assert_null(edl_find_type(f, "other_t"));

    /* Bare names of EDL types are resolved; keywords are remembered. */
    const edl_function *f1 = &f->trusted[0];
    assert_int_equal(f1->return_type.kind, EDL_TYPE_STRUCT);
    assert_false(f1->return_type.has_keyword);
    const edl_decl *p = f1->params;
    assert_int_equal(p[0].type.kind, EDL_TYPE_STRUCT);
    assert_false(p[0].type.has_keyword);
    assert_string_equal(p[0].type.name, "S");
    assert_int_equal(p[1].type.kind, EDL_TYPE_STRUCT);
    assert_true(p[1].type.has_keyword);
    assert_int_equal(p[2].type.kind, EDL_TYPE_ENUM);
    assert_false(p[2].type.has_keyword);
    assert_true(p[3].type.has_keyword);
    assert_int_equal(p[4].type.kind, EDL_TYPE_UNION);
    assert_int_equal(p[5].type.kind, EDL_TYPE_FOREIGN);
    edl_run_free(&run);
}

static void test_body_any_order(void **state)
{
    (void)state;
    edl_run run;
    edl_file *f = parse_ok(&run, "enclave {\n"
                                 "  untrusted { void o1(void); };\n"
                                 "  struct A { int x; };\n"
                                 "  trusted { public void e1(void); };\n"
                                 "  include \"x.h\"\n"
                                 "  untrusted { void o2(void); };\n"
                                 "  trusted { public void e2(A a); };\n"
                                 "}"); /* the trailing ';' is optional, as in OE */
    assert_int_equal(f->trusted_count, 2);
    assert_string_equal(f->trusted[1].name, "e2");
    assert_string_equal(f->untrusted[1].name, "o2");
    edl_run_free(&run);
}

static void test_bytes(void **state)
{
    (void)state;
    /* Input need not be NUL-terminated; a NUL ends it. */
    static const char text[] = "enclave { };\0 this is never read";
    edl_run run;
    edl_run_text(&run, "dir/x.y.edl", text, sizeof(text) - 1, NULL, NULL);
    assert_int_equal(run.rc, 0);
    assert_string_equal(run.file->name, "x.y");
    edl_run_free(&run);

    edl_run_text(&run, "cut.edl", "enclave { };", 7, NULL, NULL); /* "enclave" only */
    assert_int_equal(run.rc, -1);
    assert_non_null(strstr(run.messages, " expecting { got "));
    edl_run_free(&run);

    edl_run_text(&run, "null.edl", NULL, 0, NULL, NULL);
    assert_int_equal(run.rc, -1);
    edl_run_free(&run);

    edl_run_text(&run, "bin.edl", "\xff\x80\x01", 3, NULL, NULL);
    assert_int_equal(run.rc, -1);
    assert_non_null(strstr(run.messages, "error: bin.edl:1:1  expecting enclave got \xff"));
    edl_run_free(&run);
}

static void test_attribute_order(void **state)
{
    (void)state;
    edl_run run;
    /* [in, out] with string is fine; [out, in] is not (OE's rule). */
    parse_ok(&run, "enclave { trusted { public void f([in, out, string] char* s); }; };");
    assert_true(run.file->trusted[0].params[0].attrs.in);
    assert_true(run.file->trusted[0].params[0].attrs.out);
    edl_run_free(&run);
    parse_fails("enclave { trusted { public void f([out, in, string] char* s); }; };",
                "error: test.edl:1:45 string/wstring attribute should be used with an `in' "
                "attribute");
}

static void test_errors(void **state)
{
    (void)state;
    parse_fails("enclave { trusted { public void f([in, size=8, size=8] char* p); }; };",
                "error: test.edl:1:48 duplicated attribute: `size'");
    parse_fails("enclave { trusted { public void f([in] int* p[2]); }; };",
                "invalid parameter - `p' is a pointer array");
    parse_fails("enclave { trusted { void f(); }; };",
                "error: Function `f': `private' specifier is not supported by oeedger8r\n");
    parse_fails("enclave {\n  untrusted {\n    void f([in, size=len] char* p);\n  };\n};",
                "error: test.edl:3:22 could not find declaration for `len'.");
    parse_fails("enclave { struct S { int a; }; struct S { int b; }; };",
                "Duplicate type definition detected for S");
    parse_fails("enclave { untrusted { void f([in, count=1, size=2] int* p); }; };",
                "simultaneous `size' and `count'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_functions),  cmocka_unit_test(test_types),
        cmocka_unit_test(test_user_types), cmocka_unit_test(test_body_any_order),
        cmocka_unit_test(test_bytes),      cmocka_unit_test(test_attribute_order),
        cmocka_unit_test(test_errors),
    };
    int failed = cmocka_run_group_tests_name("edl_parser", tests, NULL, NULL);
    failed += run_import_tests();
    failed += run_diag_tests();
    return failed ? 1 : 0;
}
