/* ISO-8601 and ASN.1 times as seconds since the epoch (UTC only). */
#include "vtime.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <keep/verify.h>

#include "util.h"

static int read_digits(const char* s, int n, int* out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return days[month - 1] + (month == 2 && leap);
}

/* The zone suffix after seconds: "Z", "+00:00", optional ".fff" first. */
static int check_suffix(const char* s)
{
    if (*s == '.') {
        s++;
        if (!isdigit((unsigned char)*s))
            return -1;
        while (isdigit((unsigned char)*s))
            s++;
    }
    if (strcmp(s, "Z") == 0 || strcmp(s, "+00:00") == 0)
        return 0;
    return -1;
}

oe_result_t keep_verify_parse_time(int64_t* out, const char* s)
{
    int y, mo, d, h, mi, se;
    *out = 0;
    if (!s)
        return OE_INVALID_PARAMETER;
    if (s[0] == '@') {
        long long v;
        char tail;
        if (sscanf(s + 1, "%lld%c", &v, &tail) != 1)
            return OE_INVALID_UTC_DATE_TIME;
        *out = v;
        return OE_OK;
    }
    if (strlen(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
        s[13] != ':' || s[16] != ':' || read_digits(s, 4, &y) ||
        read_digits(s + 5, 2, &mo) || read_digits(s + 8, 2, &d) ||
        read_digits(s + 11, 2, &h) || read_digits(s + 14, 2, &mi) ||
        read_digits(s + 17, 2, &se) || check_suffix(s + 19))
        return OE_INVALID_UTC_DATE_TIME;
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
        h > 23 || mi > 59 || se > 60)
        return OE_INVALID_UTC_DATE_TIME;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
                    .tm_hour = h, .tm_min = mi, .tm_sec = se};
    *out = (int64_t)timegm(&tm);
    return OE_OK;
}

void keep_verify_format_time(char* buf, size_t size, int64_t t)
{
    struct tm tm;
    time_t tt = (time_t)t;
    if (!gmtime_r(&tt, &tm)) {
        keep_fmt(buf, size, "@%lld", (long long)t);
        return;
    }
    keep_fmt(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

int keep_asn1_time_to_epoch(int64_t* out, const ASN1_TIME* t)
{
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    *out = 0;
    if (!t || !ASN1_TIME_to_tm(t, &tm))
        return -1;
    *out = (int64_t)timegm(&tm);
    return 0;
}
