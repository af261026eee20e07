/* SPDX-License-Identifier: MIT */
/*
 * sheet: values as people write them in spreadsheets in BiH: text
 * encodings (through glibc's iconv), dates and numbers. Knows nothing of
 * tables; import.c applies these to the fields of a file.
 */
#include "sheet.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "spona/mem.h"
#include "spona/num.h"

#include "spona/banned.h"

static const char *const enc_names[] = {[SYNC_SHEET_UTF8] = "UTF-8",
                                        [SYNC_SHEET_CP1250] = "Windows-1250",
                                        [SYNC_SHEET_CP1251] = "Windows-1251"};
/* The names glibc's iconv knows them by. */
static const char *const enc_iconv[] = {[SYNC_SHEET_UTF8] = "UTF-8",
                                        [SYNC_SHEET_CP1250] = "CP1250",
                                        [SYNC_SHEET_CP1251] = "CP1251"};

const char *sync_sheet_enc_name(enum sync_sheet_enc enc)
{
    return enc_names[enc];
}

/*
 * Converts len bytes from enc into UTF-8 in out (size bytes): the number
 * of bytes written, or -1 with errno (EILSEQ, EINVAL: not text of enc;
 * E2BIG: out too small).
 */
static long convert(enum sync_sheet_enc enc, const char *bytes, size_t len,
                    char *out, size_t size)
{
    iconv_t cd = iconv_open("UTF-8", enc_iconv[enc]);
    if (cd == (iconv_t)-1)
        return -1;
    char *in = (char *)bytes;
    char *o = out;
    size_t in_left = len, out_left = size;
    size_t r = iconv(cd, &in, &in_left, &o, &out_left);
    int saved = errno;
    iconv_close(cd);
    if (r == (size_t)-1) {
        errno = saved;
        return -1;
    }
    return (long)(size - out_left);
}

static bool valid_utf8(const char *bytes, size_t len)
{
    /* iconv checks UTF-8 into UTF-8 chunk by chunk; E2BIG only means the
     * chunk is full. */
    iconv_t cd = iconv_open("UTF-8", "UTF-8");
    if (cd == (iconv_t)-1)
        return false;
    char *in = (char *)bytes;
    size_t in_left = len;
    bool ok = true;
    while (in_left && ok) {
        char chunk[4096];
        char *o = chunk;
        size_t out_left = sizeof(chunk);
        if (iconv(cd, &in, &in_left, &o, &out_left) == (size_t)-1)
            ok = errno == E2BIG;
    }
    iconv_close(cd);
    return ok;
}

/* č ć đ š ž and their capitals in Windows-1250. */
static bool cp1250_bcs(unsigned char c)
{
    return c == 0x8A || c == 0x9A || c == 0x8E || c == 0x9E || c == 0xC8 ||
           c == 0xE8 || c == 0xC6 || c == 0xE6 || c == 0xD0 || c == 0xF0;
}

enum sync_sheet_enc sync_sheet_guess(const char *bytes, size_t len)
{
    if (valid_utf8(bytes, len))
        return SYNC_SHEET_UTF8;
    size_t cyrillic = 0, latin = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (cp1250_bcs(c))
            latin++;
        else if (c >= 0xC0)
            cyrillic++;
    }
    return cyrillic > latin ? SYNC_SHEET_CP1251 : SYNC_SHEET_CP1250;
}

enum sync_rc sync_sheet_decode(char **out, size_t *out_len,
                               enum sync_sheet_enc *enc_out, const char *bytes,
                               size_t len, size_t max, struct sync_err *err)
{
    if (memchr(bytes, '\0', len))
        return sync_err_set(err, SYNC_INVALID,
                            "not a text file (it holds NUL bytes: an Excel "
                            "workbook? save it as CSV)");
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
        bytes += 3;
        len -= 3;
    }
    enum sync_sheet_enc enc = sync_sheet_guess(bytes, len);
    /* A byte of either code page is at most 3 bytes of UTF-8. */
    size_t size = enc == SYNC_SHEET_UTF8 ? len : 3 * len;
    if (size > max)
        size = max;
    char *text = NULL;
    long n = -1;
    errno = E2BIG;
    if (enc != SYNC_SHEET_UTF8 || len <= max)
        text = sync_xmalloc(size + 1);
    if (text && enc == SYNC_SHEET_UTF8) {
        memcpy(text, bytes, len);
        n = (long)len;
    } else if (text) {
        n = convert(enc, bytes, len, text, size);
    }
    if (n < 0) {
        bool big = errno == E2BIG;
        free(text);
        if (big)
            return sync_err_set(err, SYNC_TOOBIG,
                                "the text is over %zu bytes as UTF-8", max);
        return sync_err_set(err, SYNC_INVALID, "not %s text", enc_names[enc]);
    }
    text[n] = '\0';
    *out = text;
    *out_len = (size_t)n;
    *enc_out = enc;
    return SYNC_OK;
}

/* Reads 1 to max digits at *p into *out, moving *p past them. */
static bool digits(const char **p, int max, int *out)
{
    int n = 0, v = 0;
    while (**p >= '0' && **p <= '9' && n < max) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *out = v;
    return n > 0 && !(**p >= '0' && **p <= '9');
}

static bool day_ok(int y, int m, int d)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return false;
    return !(m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)));
}

static void skip_blanks(const char **p)
{
    while (**p == ' ')
        (*p)++;
}

bool sync_sheet_date(char out[11], const char *text)
{
    const char *p = text;
    int y, m, d;
    skip_blanks(&p);
    const char *dash = p + 4;
    if (strlen(p) >= 10 && *dash == '-') {
        if (!digits(&p, 4, &y) || p != dash || *p++ != '-' ||
            !digits(&p, 2, &m) || *p++ != '-' || !digits(&p, 2, &d))
            return false;
    } else {
        if (!digits(&p, 2, &d) || *p++ != '.')
            return false;
        skip_blanks(&p);
        if (!digits(&p, 2, &m) || *p++ != '.')
            return false;
        skip_blanks(&p);
        const char *start = p;
        if (!digits(&p, 4, &y) || p - start != 4)
            return false;
        if (*p == '.')
            p++;
    }
    skip_blanks(&p);
    if (*p || !day_ok(y, m, d))
        return false;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
    return true;
}

/* Blanks spreadsheets put between thousands: space, no-break space
 * (U+00A0), narrow no-break space (U+202F). Returns its length or 0. */
static size_t thousands_blank(const char *p)
{
    if (*p == ' ')
        return 1;
    if (memcmp(p, "\xC2\xA0", 2) == 0)
        return 2;
    if (memcmp(p, "\xE2\x80\xAF", 3) == 0)
        return 3;
    return 0;
}

enum sync_rc sync_sheet_int(int64_t *out, const char *text,
                            struct sync_err *err)
{
    char plain[32];
    size_t n = 0, group = 0;
    bool grouped = false, comma = false;
    const char *p = text;
    if (*p == '-')
        plain[n++] = *p++;
    for (; *p && *p != ','; p++) {
        size_t blank = thousands_blank(p);
        if (*p == '.' || blank) {
            /* A separator must follow 1 to 3 digits, then 3 each. */
            if (group == 0 || group > 3 || (grouped && group != 3))
                break;
            grouped = true;
            group = 0;
            p += blank ? blank - 1 : 0;
            continue;
        }
        if (*p < '0' || *p > '9' || n + 1 >= sizeof(plain))
            break;
        plain[n++] = *p;
        group++;
    }
    if (*p == ',') {
        comma = true;
        for (p++; *p == '0'; p++)
            ;
    } else if (*p == '.' && p[1] == '\0' && !grouped && group == 4) {
        p++; /* a year as written in BCS: "2021." */
    }
    plain[n] = '\0';
    if (*p && comma && *p >= '1' && *p <= '9')
        return sync_err_set(err, SYNC_INVALID, "'%.40s' is not a whole number",
                            text);
    if (*p || group == 0 || (grouped && group != 3))
        return sync_err_set(err, SYNC_INVALID,
                            "'%.40s' is not a number (write 1500, 1.500 "
                            "or 1.500,00)",
                            text);
    if (sync_parse_i64(out, plain, NULL))
        return sync_err_set(err, SYNC_INVALID, "'%.40s' is too large", text);
    return SYNC_OK;
}
