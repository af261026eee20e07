/* SPDX-License-Identifier: MIT */
/*
 * sheet: values as people write them in spreadsheets in BiH. Text files
 * in UTF-8 (with or without a byte-order mark) or in the Windows code
 * pages Excel saves by default (1250 for Latin, 1251 for Cyrillic),
 * converted to UTF-8 with iconv; dates as DD.MM.YYYY, D.M.YYYY (with or
 * without the final dot) or YYYY-MM-DD; numbers with '.' for thousands
 * and ',' for decimals. Pure functions; no knowledge of tables.
 */
#ifndef SYNC_SHEET_H
#define SYNC_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spona/err.h"

enum sync_sheet_enc {
    SYNC_SHEET_UTF8,   /* UTF-8 */
    SYNC_SHEET_CP1250, /* Windows-1250: Latin, Central European */
    SYNC_SHEET_CP1251  /* Windows-1251: Cyrillic */
};

/* Name of an encoding ("UTF-8", "Windows-1250", "Windows-1251"). */
const char *sync_sheet_enc_name(enum sync_sheet_enc enc);

/*
 * The encoding of bytes: UTF-8 when they are valid UTF-8; else
 * Windows-1251 when more of their letters read as Cyrillic (0xC0..0xFF
 * other than the Latin letters of BCS in Windows-1250) than as the
 * letters č ć đ š ž of Windows-1250; else Windows-1250.
 */
enum sync_sheet_enc sync_sheet_guess(const char *bytes, size_t len);

/*
 * Decodes bytes (len of them) into *out, a new NUL-terminated UTF-8 text
 * of *out_len bytes that belongs to the caller, without a byte-order
 * mark; *enc_out gets the encoding found. SYNC_TOOBIG when the text
 * would be over max bytes, SYNC_INVALID when the bytes are not text of
 * the encoding found (a NUL byte: a binary file, or an .xlsx).
 */
enum sync_rc sync_sheet_decode(char **out, size_t *out_len,
                               enum sync_sheet_enc *enc_out, const char *bytes,
                               size_t len, size_t max,
                               struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Reads a date (DD.MM.YYYY, D.M.YYYY, either with a final '.', blanks
 * after the dots, or YYYY-MM-DD) into out as YYYY-MM-DD. False when text
 * has none of these shapes or names no day of the calendar.
 */
bool sync_sheet_date(char out[11], const char *text);

/*
 * Reads a whole number written with '.' or blanks between thousands and
 * optionally ',' and a decimal part of zeros ("1.500", "1.500,00", "1
 * 500", "-3"); a year may end in '.' ("2021."). SYNC_INVALID with a
 * message saying what is wrong (decimals that are not zero, a '.' that
 * does not group thousands).
 */
enum sync_rc sync_sheet_int(int64_t *out, const char *text,
                            struct sync_err *err) SYNC_MUST_CHECK;

#endif
