/* SPDX-License-Identifier: MIT */
/*
 * report: the hub's report page (/hub/stats) - the figures the library
 * counts (sync_report_count) as tables and as bar charts drawn on the
 * server (inline SVG, no script), each table also a CSV or XLSX download
 * (/hub/stats/NAME.csv, .xlsx). Groups are named by their labels, never
 * by codes. Persons are counted only, and only for an editor, as on the
 * hub's dashboard: small groups can single people out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spona/mem.h"
#include "spona/report.h"
#include "web/web.h"

#include "spona/banned.h"

#define CHART_BARS 30     /* groups drawn in one chart */
#define CHART_WIDTH 640   /* px of a chart */
#define CHART_LABEL 260   /* px left for the labels */
#define CHART_BAR_MAX 320 /* px of the longest bar */
#define CHART_ROW 20      /* px a bar */

static const enum web_word titles[SYNC_REPORT_N_] = {
    [SYNC_REPORT_MUNICIPALITY] = W_PER_MUNICIPALITY,
    [SYNC_REPORT_ENTITY] = W_PER_ENTITY,
    [SYNC_REPORT_CANTON] = W_PER_CANTON,
    [SYNC_REPORT_SECTOR] = W_PER_SECTOR,
    [SYNC_REPORT_STATUS] = W_PER_STATUS,
    [SYNC_REPORT_YEAR] = W_PER_YEAR,
    [SYNC_REPORT_COUNTRY] = W_PER_COUNTRY,
};

static const char *canton_label(const struct web_page *p, const char *code)
{
    static const struct {
        const char *code;
        enum web_word word;
    } names[] = {
        {"USK", W_CANTON_USK}, {"PK", W_CANTON_PK},   {"TK", W_CANTON_TK},
        {"ZDK", W_CANTON_ZDK}, {"BPK", W_CANTON_BPK}, {"SBK", W_CANTON_SBK},
        {"HNK", W_CANTON_HNK}, {"ZHK", W_CANTON_ZHK}, {"KS", W_CANTON_KS},
        {"K10", W_CANTON_K10},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(names[i].code, code) == 0)
            return web_t(p, names[i].word);
    return code;
}

const char *web_report_label(const struct web_page *p, enum sync_report_dim d,
                             const char *value)
{
    if (!value || !*value)
        return web_t(p, W_NOT_GIVEN);
    if (d == SYNC_REPORT_ENTITY)
        return web_entity_label(p, value);
    if (d == SYNC_REPORT_CANTON)
        return canton_label(p, value);
    if (d == SYNC_REPORT_YEAR)
        return value;
    const struct sync_tdef *t =
        sync_schema_table(sync_engine_schema(p->w->e), sync_report_table(d));
    const struct sync_fdef *f =
        t ? sync_schema_field(t, sync_report_field(d)) : NULL;
    return f ? web_label(p, f, value) : value;
}

/* Whether the visitor may see dimension d. */
static bool may_see(const struct web_page *p, enum sync_report_dim d)
{
    return strcmp(sync_report_table(d), "person") != 0 || web_can(p, "editor");
}

static void chart(struct web_page *p, enum sync_report_dim d,
                  const struct sync_report_table *t)
{
    int64_t top = 1;
    size_t bars = t->n < CHART_BARS ? t->n : CHART_BARS;
    for (size_t i = 0; i < bars; i++)
        if (t->g[i].n > top)
            top = t->g[i].n;
    web_html(p,
             "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
             "id=\"chart-%s\" width=\"%d\" height=\"%zu\" role=\"img\" "
             "aria-label=\"%s\">\n",
             sync_report_name(d), CHART_WIDTH, bars * CHART_ROW + 4,
             web_t(p, titles[d]));
    for (size_t i = 0; i < bars; i++) {
        int y = (int)i * CHART_ROW;
        int w = (int)(t->g[i].n * CHART_BAR_MAX / top);
        web_html(p,
                 "<g><text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
                 "font-size=\"12\">%.60s</text><rect x=\"%d\" y=\"%d\" "
                 "width=\"%d\" height=\"%d\" fill=\"#3b6ea5\"></rect>"
                 "<text x=\"%d\" y=\"%d\" font-size=\"12\">%lld</text></g>\n",
                 CHART_LABEL - 6, y + 14, web_report_label(p, d, t->g[i].value),
                 CHART_LABEL, y + 3, w < 1 ? 1 : w, CHART_ROW - 6,
                 CHART_LABEL + w + 4, y + 14, (long long)t->g[i].n);
    }
    web_raw(p, "</svg>\n");
}

static void table(struct web_page *p, enum sync_report_dim d,
                  const struct sync_report_table *t)
{
    const char *name = sync_report_name(d);
    web_html(p, "<h2 id=\"h-%s\">%s</h2>\n", name, web_t(p, titles[d]));
    if (!t->n) {
        web_html(p, "<p>%s</p>\n", web_t(p, W_NONE));
        return;
    }
    chart(p, d, t);
    web_html(p, "<table id=\"stats-%s\"><tr><th>%s</th><th>%s</th></tr>\n",
             name, web_t(p, titles[d]), web_t(p, W_COUNT));
    for (size_t i = 0; i < t->n; i++)
        web_html(p, "<tr><td>%s</td><td class=\"n\">%lld</td></tr>\n",
                 web_report_label(p, d, t->g[i].value), (long long)t->g[i].n);
    web_html(p,
             "</table>\n<p class=\"noprint\"><a href=\"/hub/stats/%s.csv\" "
             "id=\"csv-%s\">CSV</a> · <a href=\"/hub/stats/%s.xlsx\" "
             "id=\"xlsx-%s\">XLSX</a></p>\n",
             name, name, name, name);
}

void web_hub_stats(struct web_page *p)
{
    struct sync_report r;
    struct sync_err err;
    if (!web_hub_only(p, "viewer"))
        return;
    sync_err_init(&err);
    if (sync_report_count(p->w->e, &r, &err)) {
        sync_report_release(&r);
        web_error(p, 500, err.msg);
        return;
    }
    web_begin(p, web_t(p, W_REPORT));
    for (size_t d = 0; d < SYNC_REPORT_N_; d++)
        if (may_see(p, (enum sync_report_dim)d))
            table(p, (enum sync_report_dim)d, &r.t[d]);
    web_html(p, "<p class=\"noprint\"><a href=\"/hub\">%s</a></p>",
             web_t(p, W_BACK));
    web_end(p);
    sync_report_release(&r);
}

/* The dimension a file is named after ("sector.csv"), and its format. */
static bool file_of(const char *file, enum sync_report_dim *d,
                    enum node_export_fmt *fmt)
{
    const char *dot = strrchr(file, '.');
    if (!dot)
        return false;
    if (strcmp(dot, ".csv") == 0)
        *fmt = NODE_EXPORT_CSV;
    else if (strcmp(dot, ".xlsx") == 0)
        *fmt = NODE_EXPORT_XLSX;
    else
        return false;
    for (size_t i = 0; i < SYNC_REPORT_N_; i++) {
        const char *name = sync_report_name((enum sync_report_dim)i);
        if (strlen(name) == (size_t)(dot - file) &&
            strncmp(name, file, (size_t)(dot - file)) == 0) {
            *d = (enum sync_report_dim)i;
            return true;
        }
    }
    return false;
}

/* Writes the XLSX to a file of its own (libxlsxwriter writes files only)
 * and reads it back into the response. */
static enum sync_rc xlsx_body(struct web_page *p, const struct node_counts *c,
                              struct sync_err *err)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof(path), "%s/spona-stats-XXXXXX",
             dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return sync_err_set(err, SYNC_IO, "cannot make a temporary file");
    close(fd);
    enum sync_rc rc = node_export_counts(c, NODE_EXPORT_XLSX, NULL, path, err);
    FILE *f = rc ? NULL : fopen(path, "rb");
    char chunk[8192];
    size_t n;
    while (f && !rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (sync_buf_add(&p->r->body, chunk, n))
            rc = sync_err_set(err, SYNC_TOOBIG, "workbook too big");
    if (!rc && !f)
        rc = sync_err_set(err, SYNC_IO, "cannot read the workbook");
    if (f)
        fclose(f);
    unlink(path);
    return rc;
}

static enum sync_rc file_body(struct web_page *p, enum sync_report_dim d,
                              enum node_export_fmt fmt,
                              const struct sync_report_table *t,
                              struct sync_err *err)
{
    const char **labels = sync_xcalloc(t->n + 1, sizeof(char *));
    int64_t *n = sync_xcalloc(t->n + 1, sizeof(int64_t));
    for (size_t i = 0; i < t->n; i++) {
        labels[i] = web_report_label(p, d, t->g[i].value);
        n[i] = t->g[i].n;
    }
    struct node_counts c = {.sheet = sync_report_name(d),
                            .title = web_t(p, titles[d]),
                            .count_head = web_t(p, W_COUNT),
                            .labels = labels,
                            .n = n,
                            .rows = t->n};
    enum sync_rc rc = SYNC_OK;
    if (fmt == NODE_EXPORT_XLSX) {
        rc = xlsx_body(p, &c, err);
    } else {
        char *mem = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&mem, &len);
        if (!out)
            sync_oom(0);
        rc = node_export_counts(&c, fmt, out, NULL, err);
        fclose(out);
        if (!rc && sync_buf_add(&p->r->body, mem, len))
            rc = sync_err_set(err, SYNC_TOOBIG, "table too big");
        free(mem);
    }
    free(labels);
    free(n);
    return rc;
}

void web_hub_stats_file(struct web_page *p, const char *file)
{
    struct sync_report r;
    struct sync_err err;
    enum sync_report_dim d;
    enum node_export_fmt fmt;
    if (!web_hub_only(p, "viewer"))
        return;
    if (!file_of(file, &d, &fmt)) {
        web_error(p, 404, web_t(p, W_NOT_FOUND));
        return;
    }
    if (!may_see(p, d)) {
        web_error(p, 403, web_t(p, W_FORBIDDEN));
        return;
    }
    sync_err_init(&err);
    enum sync_rc rc = sync_report_count(p->w->e, &r, &err);
    if (!rc)
        rc = file_body(p, d, fmt, &r.t[d], &err);
    sync_report_release(&r);
    if (rc) {
        sync_buf_reset(&p->r->body);
        web_error(p, 500, err.msg);
        return;
    }
    p->r->type = fmt == NODE_EXPORT_CSV
                     ? "text/csv; charset=utf-8"
                     : "application/vnd.openxmlformats-officedocument."
                       "spreadsheetml.sheet";
    snprintf(p->r->filename, sizeof(p->r->filename), "%s", file);
}
