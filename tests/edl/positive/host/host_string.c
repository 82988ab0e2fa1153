/* Host side of string.edl. */
#include <string.h>
#include <wchar.h>

#include "all_u.h"
#include "edltest_check.h"
#include "host_tests.h"

size_t ocall_str_in(const char *s)
{
    return s ? strlen(s) : 0;
}

void ocall_str_inout(char *s)
{
    for (char *p = s; *p; p++)
        *p = (char)(*p - 'a' + 'A');
}

int ocall_str_multi(const char *a, char *b)
{
    int n = (int)(strlen(a) + strlen(b));
    for (char *p = b; *p; p++)
        *p = (char)(*p - 'a' + 'A');
    return n;
}

size_t ocall_wstr_in(const wchar_t *w)
{
    return wcslen(w);
}

void ocall_wstr_inout(wchar_t *w)
{
    w[0] = L'W';
}

void test_string(oe_enclave_t *e)
{
    size_t n = 0;
    int m = 0, failures = -1;
    char io[] = "lower";
    char b[] = "two";
    char c[] = "three";
    wchar_t w[] = L"abc";
    char shared[] = "shared";

    CHECK_OK(ecall_str_in(e, &n, "hello enclave"));
    CHECK(n == 13);
    CHECK_OK(ecall_str_inout(e, io));
    CHECK(strcmp(io, "LOWER") == 0);
    CHECK_OK(ecall_str_multi(e, &m, "one", b, c));
    CHECK(m == 6 && strcmp(c, "Th") == 0 && c[3] == 'e');
    CHECK_OK(ecall_wstr_in(e, &n, L"wide string"));
    CHECK(n == 11);
    CHECK_OK(ecall_wstr_inout(e, w));
    CHECK(wcscmp(w, L"Xbc") == 0);
    CHECK_OK(ecall_str_user_check(e, shared));
    CHECK_OK(ecall_str_null(e, &m, NULL));
    CHECK(m == 1);
    CHECK_OK(ecall_str_null(e, &m, ""));
    CHECK(m == 0);
    CHECK_OK(ecall_str_run_ocalls(e, &failures));
    CHECK(failures == 0);
}
