/* Unit tests of the parsers: quote headers, JSON spans, PCK extension,
 * times, collateral recognition. Synthetic inputs; no vectors needed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json_span.h"
#include "pck_ext.h"
#include "quote.h"

static void put16(uint8_t* p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t* p, uint32_t v)
{
    put16(p, (uint16_t)v);
    put16(p + 2, (uint16_t)(v >> 16));
}

static void quote_v4_headers(void** state)
{
    uint8_t q[700] = {0};
    keep_quote_t parsed;
    char err[KEEP_VERIFY_REASON_SIZE];
    (void)state;
    put16(q, 4);
    put16(q + 2, 2);
    put32(q + 4, 0x81);
    assert_int_equal(keep_quote_parse(&parsed, q, sizeof(q), err, sizeof(err)),
                     OE_UNSUPPORTED);
    assert_non_null(strstr(err, "quote v4 (TDX"));
    assert_non_null(strstr(err, "not supported"));
    put32(q + 4, 0);
    assert_int_equal(keep_quote_parse(&parsed, q, sizeof(q), err, sizeof(err)),
                     OE_UNSUPPORTED);
    assert_non_null(strstr(err, "quote v4 (SGX"));
    put32(q + 4, 7);
    assert_int_equal(keep_quote_parse(&parsed, q, sizeof(q), err, sizeof(err)),
                     OE_QUOTE_VERIFICATION_ERROR);
    put16(q, 9);
    assert_int_equal(keep_quote_parse(&parsed, q, sizeof(q), err, sizeof(err)),
                     OE_QUOTE_VERIFICATION_ERROR);
    assert_non_null(strstr(err, "version 9"));
}

/* A minimal well-formed v3 quote with given auth and cert sizes. */
static size_t make_v3(uint8_t* q, uint16_t auth, uint32_t cert)
{
    size_t sig_len = 64 + 64 + 384 + 64 + 2 + auth + 6 + cert;
    memset(q, 0, 436 + sig_len);
    put16(q, 3);
    put16(q + 2, 2);
    put32(q + 432, (uint32_t)sig_len);
    put16(q + 436 + 576, auth);
    put16(q + 436 + 578 + auth, 5);
    put32(q + 436 + 580 + auth, cert);
    return 436 + sig_len;
}

static void quote_v3_lengths(void** state)
{
    uint8_t q[2048];
    keep_quote_t parsed;
    char err[KEEP_VERIFY_REASON_SIZE];
    (void)state;
    size_t len = make_v3(q, 32, 10);
    assert_int_equal(keep_quote_parse(&parsed, q, len, err, sizeof(err)), OE_OK);
    assert_int_equal(parsed.qe_auth_size, 32);
    assert_int_equal(parsed.cert_size, 10);
    assert_ptr_equal(parsed.cert_data, q + len - 10);
    /* Trailing byte, overlong auth, overlong cert, short sig len. */
    assert_int_not_equal(keep_quote_parse(&parsed, q, len + 1, err, sizeof(err)),
                         OE_OK);
    put16(q + 436 + 576, 0xffff);
    assert_int_not_equal(keep_quote_parse(&parsed, q, len, err, sizeof(err)),
                         OE_OK);
    len = make_v3(q, 32, 10);
    put32(q + 436 + 580 + 32, 0xfffffff0u);
    assert_int_not_equal(keep_quote_parse(&parsed, q, len, err, sizeof(err)),
                         OE_OK);
    assert_non_null(strstr(err, "certification data size"));
    len = make_v3(q, 32, 10);
    put32(q + 432, 5);
    assert_int_not_equal(keep_quote_parse(&parsed, q, len, err, sizeof(err)),
                         OE_OK);
    assert_non_null(strstr(err, "signature_data_len"));
}

static void span_is(const char* text, const char* key, const char* want)
{
    size_t s, e;
    int rc = keep_json_member_span(text, strlen(text), key, &s, &e);
    if (!want) {
        assert_int_equal(rc, -1);
        return;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(e - s, strlen(want));
    assert_memory_equal(text + s, want, e - s);
}

static void json_spans(void** state)
{
    (void)state;
    span_is("{\"tcbInfo\":{\"a\":[1,2,{\"b\":\"}\"}]},\"signature\":\"ab\"}",
            "tcbInfo", "{\"a\":[1,2,{\"b\":\"}\"}]}");
    span_is(" { \"x\" : 1 , \"tcbInfo\" :  {\"s\":\"\\\"\\u00e9\"}  }\n",
            "tcbInfo", "{\"s\":\"\\\"\\u00e9\"}");
    span_is("{\"tcbInfo\":1,\"tcbInfo\":2}", "tcbInfo", NULL);   /* duplicate */
    span_is("{\"tcb\\u0049nfo\":{}}", "tcbInfo", NULL);          /* escaped key */
    span_is("{\"tcbInfo\":{}} x", "tcbInfo", NULL);              /* trailing */
    span_is("{\"tcbInfo\":{]}", "tcbInfo", NULL);
    span_is("{\"tcbInfo\":01}", "tcbInfo", NULL);
    span_is("{\"tcbInfo\":\"a\nb\"}", "tcbInfo", NULL);          /* control */
    span_is("{\"other\":{}}", "tcbInfo", NULL);
    span_is("[]", "tcbInfo", NULL);
    span_is("{\"tcbInfo\":-1.5e+3}", "tcbInfo", "-1.5e+3");
    char deep[200] = "{\"tcbInfo\":";
    for (int i = 0; i < 40; i++)
        strcat(deep, "[");
    span_is(deep, "tcbInfo", NULL);
}

static void times(void** state)
{
    int64_t t;
    char buf[32];
    (void)state;
    assert_int_equal(keep_verify_parse_time(&t, "2025-06-20T00:00:00Z"), OE_OK);
    assert_int_equal(t, 1750377600);
    keep_verify_format_time(buf, sizeof(buf), t);
    assert_string_equal(buf, "2025-06-20T00:00:00Z");
    assert_int_equal(keep_verify_parse_time(&t, "2025-06-20T00:00:00.123Z"), OE_OK);
    assert_int_equal(keep_verify_parse_time(&t, "2025-06-20T00:00:00+00:00"), OE_OK);
    assert_int_equal(keep_verify_parse_time(&t, "@1750377600"), OE_OK);
    assert_int_equal(t, 1750377600);
    assert_int_equal(keep_verify_parse_time(&t, "2025-02-30T00:00:00Z"),
                     OE_INVALID_UTC_DATE_TIME);
    assert_int_equal(keep_verify_parse_time(&t, "2025-06-20 00:00:00Z"),
                     OE_INVALID_UTC_DATE_TIME);
    assert_int_equal(keep_verify_parse_time(&t, "2025-06-20T00:00:00"),
                     OE_INVALID_UTC_DATE_TIME);
    assert_int_equal(keep_verify_parse_time(&t, "@12x"), OE_INVALID_UTC_DATE_TIME);
}

static void status_names(void** state)
{
    (void)state;
    for (int s = 0; s <= KEEP_TCB_TD_RELAUNCH_ADVISED_CONFIG_NEEDED; s++)
        assert_int_equal(keep_tcb_status_from_str(keep_tcb_status_str(s)), s);
    assert_int_equal(keep_tcb_status_from_str("Bogus"), KEEP_TCB_INVALID);
    assert_int_equal(keep_tcb_status_qv_result(KEEP_TCB_UP_TO_DATE), 0);
    assert_int_equal(keep_tcb_status_qv_result(KEEP_TCB_REVOKED), 0xA005);
}

static void pck_ext_garbage(void** state)
{
    keep_pck_info_t info;
    char err[200];
    static const uint8_t empty_seq[] = {0x30, 0x00};
    static const uint8_t trailing[] = {0x30, 0x00, 0x00};
    (void)state;
    assert_int_equal(keep_pck_ext_parse(&info, empty_seq, sizeof(empty_seq),
                                        err, sizeof(err)),
                     OE_INVALID_SGX_CERTIFICATE_EXTENSIONS);
    assert_non_null(strstr(err, "missing"));
    assert_int_equal(keep_pck_ext_parse(&info, trailing, sizeof(trailing), err,
                                        sizeof(err)),
                     OE_INVALID_SGX_CERTIFICATE_EXTENSIONS);
    assert_int_equal(keep_pck_ext_parse(&info, trailing, 0, err, sizeof(err)),
                     OE_INVALID_SGX_CERTIFICATE_EXTENSIONS);
}

static void collateral_recognition(void** state)
{
    keep_verify_collateral_t* c = NULL;
    (void)state;
    assert_int_equal(keep_verify_collateral_new(&c), OE_OK);
    const char* readme = "This is a README.\n";
    assert_int_equal(keep_verify_collateral_add(c, (const uint8_t*)readme,
                                                strlen(readme), "README"),
                     OE_NOT_FOUND);
    const char* other = "{\"hello\":1}";
    assert_int_equal(keep_verify_collateral_add(c, (const uint8_t*)other,
                                                strlen(other), "x.json"),
                     OE_NOT_FOUND);
    const char* bad = "{\"tcbInfo\":{\"version\":3},\"signature\":\"00\"}";
    assert_int_equal(keep_verify_collateral_add(c, (const uint8_t*)bad,
                                                strlen(bad), "bad.json"),
                     OE_INVALID_ENDORSEMENT);
    assert_true(strlen(keep_verify_collateral_error(c)) > 0);
    const char* pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    assert_int_equal(keep_verify_collateral_add(c, (const uint8_t*)pem,
                                                strlen(pem), "x.pem"),
                     OE_INVALID_ENDORSEMENT);
    keep_verify_collateral_free(c);
    keep_verify_collateral_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quote_v4_headers),
        cmocka_unit_test(quote_v3_lengths),
        cmocka_unit_test(json_spans),
        cmocka_unit_test(times),
        cmocka_unit_test(status_names),
        cmocka_unit_test(pck_ext_garbage),
        cmocka_unit_test(collateral_recognition),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
