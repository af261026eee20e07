/* SPDX-License-Identifier: MIT */
/*
 * serbian: the interface in Serbian, in Cyrillic. Its words are the
 * Bosnian ones (both ijekavian) except where Serbian says it otherwise
 * ("opština", not "općina"), written in Latin here and turned into
 * Cyrillic once, when the pages start (web_cyrillic). Labels of fields
 * and values come in Cyrillic from the schema (meta_label, 'sr').
 */
#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "spona/buf.h"
#include "spona/mem.h"
#include "web/web.h"

#include "spona/banned.h"

/* Serbian (Latin) where it differs from the Bosnian word. */
static const char *const serbian[W_COUNT_] = {
    [W_MUNICIPALITY] = "Opština / grad",
    [W_OWNER_LSG] = "Opština vlasnik",
    [W_PER_MUNICIPALITY] = "Prakse po opštini",
    [W_JOIN_STRING] = "Pošaljite ovaj niz opštini; važi jednom, 7 dana:",
    [W_REVOKE_WHAT] = "Čvorište od sada odbija ovaj čvor, a svi čvorovi "
                      "odbijaju njegove kasnije unose; raniji unosi ostaju "
                      "važeći. Opoziv se ne može poništiti: opštini treba "
                      "novi čvor i novi poziv.",
    [W_SAVED] = "Sačuvano.",
    [W_R_NOT_VOUCHED] = "za autora ne jemči nijedno čvorište od povjerenja",
    [W_KEEP_WHAT] = "Zadržana vrijednost postaje važeća na svim čvorovima "
                    "poslije sljedeće sinhronizacije; ostale se odbacuju i "
                    "ostaju samo u istoriji zapisa.",
    [W_E_NOT_NUMBER] = "nije cio broj (upišite npr. 1500, bez tačaka i "
                       "zareza)",
    [W_E_URL] = "nije ispravna adresa (počinje sa http:// ili https://)",
    [W_E_DATE] = "nije ispravan datum (GGGG-MM-DD)",
    [W_SEARCH_HINT] = "npr. matičar, dijaspora, turizam",
    [W_P_NOT_WHOLE] = "nije cio broj",
    [W_IMPORT_HINT] = "CSV kako ga čuva Excel ili LibreOffice (UTF-8 ili "
                      "Windows-1250/1251, zarez ili tačka-zarez). Prvi red "
                      "imenuje kolone: nazivi polja kao na stranicama "
                      "(Naziv, Status, Godina početka) ili kodovi. Ništa se "
                      "ne uvozi dok ima grešaka, osim ako označite "
                      "preskakanje neispravnih redova.",
    [W_E_CONSENT_WITH] = "sa dokazom i verzijom obavještenja o privatnosti",
    [W_DELETE_WHAT] = "Zapis se briše na ovom čvoru i, poslije sljedeće "
                      "sinhronizacije, na svim čvorovima koji ga imaju; "
                      "ostaje u istoriji zapisa.",
};

/* One Latin letter (or digraph) of Serbian and its Cyrillic letter. */
static const struct {
    const char *lat;
    const char *cyr;
} letters[] = {
    /* Digraphs first: each is one letter. */
    {"DŽ", "Џ"}, {"Dž", "Џ"}, {"dž", "џ"}, {"LJ", "Љ"}, {"Lj", "Љ"},
    {"lj", "љ"}, {"NJ", "Њ"}, {"Nj", "Њ"}, {"nj", "њ"}, {"A", "А"},
    {"a", "а"},  {"B", "Б"},  {"b", "б"},  {"C", "Ц"},  {"c", "ц"},
    {"Č", "Ч"},  {"č", "ч"},  {"Ć", "Ћ"},  {"ć", "ћ"},  {"D", "Д"},
    {"d", "д"},  {"Đ", "Ђ"},  {"đ", "ђ"},  {"E", "Е"},  {"e", "е"},
    {"F", "Ф"},  {"f", "ф"},  {"G", "Г"},  {"g", "г"},  {"H", "Х"},
    {"h", "х"},  {"I", "И"},  {"i", "и"},  {"J", "Ј"},  {"j", "ј"},
    {"K", "К"},  {"k", "к"},  {"L", "Л"},  {"l", "л"},  {"M", "М"},
    {"m", "м"},  {"N", "Н"},  {"n", "н"},  {"O", "О"},  {"o", "о"},
    {"P", "П"},  {"p", "п"},  {"R", "Р"},  {"r", "р"},  {"S", "С"},
    {"s", "с"},  {"Š", "Ш"},  {"š", "ш"},  {"T", "Т"},  {"t", "т"},
    {"U", "У"},  {"u", "у"},  {"V", "В"},  {"v", "в"},  {"Z", "З"},
    {"z", "з"},  {"Ž", "Ж"},  {"ž", "ж"},
};

/* Appends len bytes; out was made large enough for any text (each Latin
 * byte becomes at most two). */
static void put(struct sync_buf *out, const char *s, size_t len)
{
    enum sync_rc rc = sync_buf_add(out, s, len);
    assert(rc == SYNC_OK);
    (void)rc;
}

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (unsigned char)c >= 0x80;
}

/* Whether the word of len bytes at s is an address (with "://"): it
 * stays Latin. */
static bool address(const char *s, size_t len)
{
    for (size_t i = 0; i + 2 < len; i++)
        if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
            return true;
    return false;
}

/* The length of the abbreviation that stays Latin at s + i (a whole run
 * of letters), or 0. */
static size_t abbreviation(const char *s, size_t i, size_t len)
{
    static const char *const kept[] = {"CSV", "URL", "ID", "XLSX", "UTF"};
    if (i > 0 && is_letter(s[i - 1]))
        return 0;
    for (size_t k = 0; k < sizeof(kept) / sizeof(kept[0]); k++) {
        size_t n = strlen(kept[k]);
        if (n <= len - i && memcmp(s + i, kept[k], n) == 0 &&
            (i + n == len || !is_letter(s[i + n])))
            return n;
    }
    return 0;
}

/* Appends the Cyrillic of the word of len bytes at s. */
static void word(struct sync_buf *out, const char *s, size_t len)
{
    if (address(s, len)) {
        put(out, s, len);
        return;
    }
    for (size_t i = 0; i < len;) {
        size_t k = 0, n = abbreviation(s, i, len);
        if (n) {
            put(out, s + i, n);
            i += n;
            continue;
        }
        for (; k < sizeof(letters) / sizeof(letters[0]); k++) {
            n = strlen(letters[k].lat);
            if (n <= len - i && memcmp(s + i, letters[k].lat, n) == 0)
                break;
        }
        if (k < sizeof(letters) / sizeof(letters[0])) {
            put(out, letters[k].cyr, strlen(letters[k].cyr));
            i += n;
        } else { /* anything else (Q, W, X, Y, digits, marks) stays */
            put(out, s + i, 1);
            i++;
        }
    }
}

char *web_cyrillic(const char *latin)
{
    struct sync_buf out;
    /* Each byte becomes at most two (a Cyrillic letter), plus the NUL. */
    sync_buf_init(&out, 2 * strlen(latin) + 1);
    for (const char *s = latin; *s;) {
        size_t gap = strspn(s, " \t\n");
        put(&out, s, gap);
        s += gap;
        size_t len = strcspn(s, " \t\n");
        word(&out, s, len);
        s += len;
    }
    return sync_buf_detach(&out, NULL);
}

void web_words_sr(char *out[W_COUNT_])
{
    for (size_t i = 0; i < W_COUNT_; i++)
        out[i] = web_cyrillic(serbian[i] ? serbian[i]
                                         : web_word(false, (enum web_word)i));
}
