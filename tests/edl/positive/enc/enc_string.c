/* Enclave side of string.edl. */
#include <string.h>
#include <wchar.h>

#include "all_t.h"
#include "edltest_check.h"

size_t ecall_str_in(const char *s)
{
    CHECK(strcmp(s, "hello enclave") == 0);
    return strlen(s);
}

void ecall_str_inout(char *s)
{
    CHECK(strcmp(s, "lower") == 0);
    for (char *p = s; *p; p++)
        *p = (char)(*p - 'a' + 'A');
}

int ecall_str_multi(const char *a, char *b, char *c)
{
    CHECK(strcmp(a, "one") == 0 && strcmp(b, "two") == 0 && strcmp(c, "three") == 0);
    c[0] = 'T';
    c[2] = '\0'; /* shorter is fine: the buffer keeps its length */
    return (int)(strlen(a) + strlen(b));
}

size_t ecall_wstr_in(const wchar_t *w)
{
    CHECK(wcscmp(w, L"wide string") == 0);
    return wcslen(w);
}

void ecall_wstr_inout(wchar_t *w)
{
    CHECK(wcscmp(w, L"abc") == 0);
    w[0] = L'X';
}

void ecall_str_user_check(char *s)
{
    CHECK(s && (!EDLTEST_SHARED_MEMORY || strcmp(s, "shared") == 0));
}

int ecall_str_null(const char *s)
{
    return s == NULL;
}

int ecall_str_run_ocalls(void)
{
    int before = edltest_failures;
    size_t n = 0;
    int m = 0;
    char io[] = "mixed";
    char b[] = "bee";
    wchar_t w[] = L"wq";

    CHECK_OK(ocall_str_in(&n, "to the host"));
    CHECK(n == 11);
    CHECK_OK(ocall_str_inout(io));
    CHECK(strcmp(io, "MIXED") == 0);
    CHECK_OK(ocall_str_multi(&m, "aa", b));
    CHECK(m == 5 && strcmp(b, "BEE") == 0);
    CHECK_OK(ocall_wstr_in(&n, L"wide"));
    CHECK(n == 4);
    CHECK_OK(ocall_wstr_inout(w));
    CHECK(wcscmp(w, L"Wq") == 0);
    CHECK_OK(ocall_str_in(&n, NULL));
    CHECK(n == 0);
    return edltest_failures - before;
}
