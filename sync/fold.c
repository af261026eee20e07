/* SPDX-License-Identifier: MIT */
/*
 * fold: see fold.h. Each code point maps to one of: a separator, nothing
 * (a combining mark, or a Cyrillic hard or soft sign, which stays inside
 * its word), a short ASCII string, or itself. The Latin tables hold one
 * base letter per code point; digits stand for the few that become two
 * letters, and a space for a separator.
 */
#include "spona/fold.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "spona/banned.h"

/* U+00C0 .. U+00FF */
static const char latin1[] = "aaaaaa3ceeeeiiii"
                             "dnooooo ouuuuy45"
                             "aaaaaa3ceeeeiiii"
                             "dnooooo ouuuuy4y";
/* U+0100 .. U+017F */
static const char latin_a[] = "aaaaaaccccccccdd"
                              "ddeeeeeeeeeegggg"
                              "gggghhhhiiiiiiii"
                              "ii11jjkkklllllll"
                              "lllnnnnnnnnnoooo"
                              "oo22rrrrrrssssss"
                              "ssttttttuuuuuuuu"
                              "uuuuwwyyyzzzzzzs";
static const char *const pairs[] = {"", "ij", "oe", "ae", "th", "ss"};

/* U+0430 .. U+044F, Russian letters included for names written in it */
static const char *const cyr_lower[32] = {
    "a", "b", "v", "g",  "d", "e", "z", "z", "i",  "j", "k",
    "l", "m", "n", "o",  "p", "r", "s", "t", "u",  "f", "h",
    "c", "c", "s", "sc", "",  "y", "",  "e", "ju", "ja"};
/* U+0450 .. U+045F: ѐ ё ђ ѓ є ѕ і ї ј љ њ ћ ќ ѝ ў џ */
static const char *const cyr_ext[16] = {"e", "e",  "d", "g",  "je", "dz",
                                        "i", "ji", "j", "lj", "nj", "c",
                                        "k", "i",  "u", "dz"};

enum fold_kind { FOLD_SEP, FOLD_DROP, FOLD_MAP, FOLD_KEEP };

static bool is_mark(uint32_t cp)
{
    return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE20 && cp <= 0xFE2F);
}

static bool is_sep(uint32_t cp)
{
    return cp < 0x30 || (cp >= 0x3A && cp <= 0x40) ||
           (cp >= 0x5B && cp <= 0x60) || (cp >= 0x7B && cp <= 0xBF) ||
           cp == 0xD7 || cp == 0xF7 || (cp >= 0x2B0 && cp <= 0x2FF) ||
           (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x2E00 && cp <= 0x2E7F) ||
           (cp >= 0x3000 && cp <= 0x303F) || cp == 0xFEFF ||
           (cp >= 0xFF01 && cp <= 0xFF0F);
}

/* Copies str into map (room for 4 bytes) and says FOLD_MAP. */
static enum fold_kind mapped(char *map, const char *str)
{
    size_t n = strlen(str);
    memcpy(map, str, n + 1);
    return n ? FOLD_MAP : FOLD_DROP;
}

/* How code point cp folds; for FOLD_MAP, map (4 bytes) gets its ASCII
 * form, NUL-terminated. */
static enum fold_kind fold_cp(uint32_t cp, char *map)
{
    static const char *const lig[] = {"dz", "lj", "nj"};
    if (is_sep(cp))
        return FOLD_SEP;
    if (cp < 0x80) {
        map[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        map[1] = '\0';
        return FOLD_MAP;
    }
    if (is_mark(cp))
        return FOLD_DROP;
    char base = 0;
    if (cp >= 0xC0 && cp <= 0xFF)
        base = latin1[cp - 0xC0];
    else if (cp >= 0x100 && cp <= 0x17F)
        base = latin_a[cp - 0x100];
    if (base == ' ')
        return FOLD_SEP;
    if (base >= '1' && base <= '5')
        return mapped(map, pairs[base - '0']);
    if (base) {
        map[0] = base;
        map[1] = '\0';
        return FOLD_MAP;
    }
    if (cp >= 0x1C4 && cp <= 0x1CC) /* Ǆ ǅ ǆ Ǉ ǈ ǉ Ǌ ǋ ǌ */
        return mapped(map, lig[(cp - 0x1C4) / 3]);
    if (cp == 0x218 || cp == 0x219) /* Ș ș */
        return mapped(map, "s");
    if (cp == 0x21A || cp == 0x21B) /* Ț ț */
        return mapped(map, "t");
    if (cp == 0x1E9E) /* ẞ */
        return mapped(map, "ss");
    if (cp >= 0x410 && cp <= 0x44F)
        return mapped(map, cyr_lower[(cp - 0x410) % 32]);
    if (cp >= 0x400 && cp <= 0x40F)
        return mapped(map, cyr_ext[cp - 0x400]);
    if (cp >= 0x450 && cp <= 0x45F)
        return mapped(map, cyr_ext[cp - 0x450]);
    if (cp == 0x490 || cp == 0x491) /* Ґ ґ */
        return mapped(map, "g");
    return FOLD_KEEP;
}

/* Decodes one UTF-8 code point at s (n > 0 bytes); returns its length, or
 * 0 when the bytes there are not UTF-8. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t len;
    uint32_t min;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2, min = 0x80, *cp = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3, min = 0x800, *cp = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4, min = 0x10000, *cp = s[0] & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        *cp = (*cp << 6) | (s[i] & 0x3F);
    }
    if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
        return 0;
    return len;
}

void sync_utf8_scrub(char *s)
{
    unsigned char *p = (unsigned char *)s;
    size_t n = strlen(s);
    uint32_t cp;
    for (size_t i = 0; i < n;) {
        size_t len = utf8_next(p + i, n - i, &cp);
        if (len == 0) {
            p[i++] = '?';
            continue;
        }
        i += len;
    }
}

/* A word being folded. */
struct word {
    char buf[SYNC_FOLD_WORD_MAX + 8];
    size_t len;
    size_t start;
    size_t end;
};

/*
 * Hands the word to cb after "dj" -> "d", and empties it. A 'j' is
 * dropped after a 'd' of the output, not of the input, so no "dj" is
 * left ("ddjjx" -> "ddx", not "ddjx"): folding twice changes nothing, as
 * it must, since FTS5 folds a query that was folded already.
 */
static int word_flush(struct word *w, sync_fold_cb cb, void *payload)
{
    if (!w->len)
        return 0;
    size_t o = 0;
    for (size_t i = 0; i < w->len; i++) {
        if (w->buf[i] == 'j' && o && w->buf[o - 1] == 'd')
            continue;
        w->buf[o++] = w->buf[i];
    }
    w->buf[o] = '\0';
    w->len = 0;
    return cb(w->buf, o, w->start, w->end, payload);
}

int sync_fold_words(const char *text, size_t len, sync_fold_cb cb,
                    void *payload)
{
    const unsigned char *s = (const unsigned char *)text;
    struct word w = {.len = 0};
    size_t i = 0;
    int stop = 0;
    while (i < len && !stop) {
        uint32_t cp = 0;
        char map[4];
        size_t n = utf8_next(s + i, len - i, &cp);
        enum fold_kind k = n ? fold_cp(cp, map) : FOLD_SEP;
        size_t at = i;
        i += n ? n : 1;
        if (k == FOLD_SEP) {
            stop = word_flush(&w, cb, payload);
            continue;
        }
        if (k == FOLD_DROP) {
            if (w.len)
                w.end = i;
            continue;
        }
        const char *add = k == FOLD_MAP ? map : (const char *)s + at;
        size_t add_len = k == FOLD_MAP ? strlen(map) : n;
        if (w.len + add_len > SYNC_FOLD_WORD_MAX &&
            (stop = word_flush(&w, cb, payload)))
            break;
        if (!w.len)
            w.start = at;
        memcpy(w.buf + w.len, add, add_len);
        w.len += add_len;
        w.end = i;
    }
    if (!stop)
        stop = word_flush(&w, cb, payload);
    return stop;
}

struct joined {
    char *out;
    size_t size;
    size_t len;
    bool full;
};

static int join_word(const char *word, size_t len, size_t start, size_t end,
                     void *payload)
{
    struct joined *j = payload;
    (void)start;
    (void)end;
    size_t need = len + (j->len ? 1 : 0);
    if (j->len + need >= j->size) {
        j->full = true;
        return 1;
    }
    if (j->len)
        j->out[j->len++] = ' ';
    memcpy(j->out + j->len, word, len);
    j->len += len;
    j->out[j->len] = '\0';
    return 0;
}

enum sync_rc sync_fold(char *out, size_t size, const char *text,
                       struct sync_err *err)
{
    struct joined j = {.out = out, .size = size};
    if (size)
        out[0] = '\0';
    (void)sync_fold_words(text, strlen(text), join_word, &j);
    if (j.full || !size)
        return sync_err_set(err, SYNC_TOOBIG, "folded text is over %zu bytes",
                            size ? size - 1 : 0);
    return SYNC_OK;
}
