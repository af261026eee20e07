/* SPDX-License-Identifier: MIT */
/* csv: see csv.h. */
#include "spona/csv.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "spona/mem.h"

#include "spona/banned.h"

/* The separator is the more frequent of ',' and ';' outside quotes on the
 * first line that is not blank. */
static char detect_sep(const char *s, size_t len)
{
    size_t commas = 0, semis = 0, i = 0;
    bool quoted = false;
    while (i < len && (s[i] == '\n' || s[i] == '\r'))
        i++;
    for (; i < len && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted && s[i] == ',')
            commas++;
        else if (!quoted && s[i] == ';')
            semis++;
    }
    return semis > commas ? ';' : ',';
}

struct rec {
    struct sync_csv_record r;
    struct sync_buf field;
};

static void rec_clear(struct rec *c)
{
    for (size_t i = 0; i < c->r.n; i++)
        free(c->r.field[i]);
    c->r.n = 0;
}

static enum sync_rc rec_push(struct rec *c, size_t line, struct sync_err *err)
{
    if (c->r.n == SYNC_CSV_MAX_FIELDS)
        return sync_err_set(err, SYNC_TOOBIG, "line %zu: over %d fields", line,
                            SYNC_CSV_MAX_FIELDS);
    c->r.field[c->r.n++] = sync_buf_detach(&c->field, NULL);
    return SYNC_OK;
}

/* A record that is one empty field is a blank line. */
static bool rec_blank(const struct rec *c)
{
    return c->r.n == 1 && c->r.field[0][0] == '\0';
}

enum sync_rc sync_csv_parse(const char *text, size_t len, char *sep_out,
                            sync_csv_cb cb, void *payload, struct sync_err *err)
{
    struct rec c = {.r = {.n = 0}};
    size_t i = 0, line = 1;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    char sep = detect_sep(text + i, len - i);
    if (sep_out)
        *sep_out = sep;
    c.r.field = sync_xcalloc(SYNC_CSV_MAX_FIELDS, sizeof(char *));
    sync_buf_init(&c.field, SYNC_CSV_MAX_FIELD);
    enum sync_rc rc = SYNC_OK;
    int stop = 0;
    while (i < len && !rc && !stop) {
        c.r.line = line;
        bool end = false;
        /* one record */
        while (!end && !rc) {
            bool quoted = i < len && text[i] == '"';
            if (quoted) {
                size_t start_line = line;
                i++;
                for (;;) {
                    if (i >= len) {
                        rc = sync_err_set(err, SYNC_INVALID,
                                          "line %zu: a "
                                          "quoted field does not end",
                                          start_line);
                        break;
                    }
                    if (text[i] == '"' && i + 1 < len && text[i + 1] == '"') {
                        rc = sync_buf_add(&c.field, "\"", 1);
                        i += 2;
                    } else if (text[i] == '"') {
                        i++;
                        break;
                    } else {
                        line += text[i] == '\n';
                        rc = sync_buf_add(&c.field, text + i, 1);
                        i++;
                    }
                    if (rc)
                        break;
                }
                if (!rc && i < len && text[i] != sep && text[i] != '\n' &&
                    text[i] != '\r')
                    rc = sync_err_set(err, SYNC_INVALID,
                                      "line %zu: text "
                                      "after a closing quote",
                                      line);
            } else {
                size_t j = i;
                while (j < len && text[j] != sep && text[j] != '\n' &&
                       text[j] != '\r')
                    j++;
                rc = sync_buf_add(&c.field, text + i, j - i);
                i = j;
            }
            if (rc == SYNC_TOOBIG)
                rc = sync_err_set(err, SYNC_TOOBIG,
                                  "line %zu: a field is "
                                  "over %d bytes",
                                  line, SYNC_CSV_MAX_FIELD);
            if (!rc)
                rc = rec_push(&c, line, err);
            if (rc)
                break;
            if (i < len && text[i] == sep) {
                i++;
                continue;
            }
            /* end of line or of text */
            if (i < len && text[i] == '\r')
                i++;
            if (i < len && text[i] == '\n')
                i++;
            line++;
            end = true;
        }
        if (!rc && !rec_blank(&c))
            stop = cb(&c.r, payload);
        rec_clear(&c);
    }
    rec_clear(&c);
    free(c.r.field);
    sync_buf_release(&c.field);
    return rc;
}

enum sync_rc sync_csv_add_field(struct sync_buf *b, const char *text, char sep)
{
    size_t n = strlen(text);
    bool quote = n && (text[0] == ' ' || text[n - 1] == ' ');
    for (size_t i = 0; i < n && !quote; i++)
        quote = text[i] == sep || text[i] == '"' || text[i] == '\n' ||
                text[i] == '\r';
    if (!quote)
        return sync_buf_add(b, text, n);
    enum sync_rc rc = sync_buf_add(b, "\"", 1);
    for (size_t i = 0; i < n && !rc; i++)
        rc = text[i] == '"' ? sync_buf_add(b, "\"\"", 2)
                            : sync_buf_add(b, text + i, 1);
    return rc ? rc : sync_buf_add(b, "\"", 1);
}
