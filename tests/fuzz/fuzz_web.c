/* SPDX-License-Identifier: MIT */
/*
 * fuzz_web: the web pages (node/web) with every request field under the
 * fuzzer's control: method, path, query and form fields, the session and
 * language cookies, Host and Origin. libmicrohttpd splits the raw request;
 * what it hands on is what this target makes up. The node is a real one in
 * a temporary folder, with a practice, a person and an account, and
 * requests may carry the valid session and CSRF token, so the forms are
 * reached and write. Beyond "no crash, no leak, no UB": every answer has a
 * status and a body or a redirect, and text sent in ("<zq" is the marker
 * the seeds use) never comes back unescaped.
 *
 * Input: lines. The first byte of the first line picks the method (bit 0:
 * POST), whether the valid session cookie is sent (bit 1) and the valid
 * CSRF token (bit 2); the rest of the line is the path. Each later line
 * is "q:KEY=VALUE" (query), "f:KEY=VALUE" (form), "l:LANG" (language
 * cookie), "s:TOKEN" (session cookie), "h:HOST", "o:ORIGIN".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "spona/record.h"
#include "web/web.h"

#define MARKER "<zq"

static struct node_ctx ctx;
static struct node_web *web;
static char token[2 * 32 + 1];
static char csrf[2 * 32 + 1];

/* One request to the pages; the answer's body is released. */
static void ask(const struct node_web_req *q, struct node_web_resp *r)
{
    memset(r, 0, sizeof(*r));
    node_web_handle(web, q, r);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static char dir[] = "/tmp/spona-fuzz-web.XXXXXX";
    struct sync_engine *e = NULL;
    struct sync_err err;
    struct sync_record set;
    char id[SYNC_UUID_TEXT];
    (void)argc;
    (void)argv;
    fuzz_init();
    if (!mkdtemp(dir))
        abort();
    ctx.dir = dir;
    ctx.key_path = node_join_path(dir, "node.key");
    ctx.db_path = node_join_path(dir, "node.db");
    ctx.conf_path = node_join_path(dir, "spona.conf");
    if (sync_engine_create(&e, ctx.db_path, ctx.key_path, "Općina Ključ", &err))
        abort();
    sync_record_init(&set);
    sync_record_set_text(&set, "title", "e-Matičar " MARKER "x");
    sync_record_set_text(&set, "status", "pilot");
    if (sync_engine_put(e, "practice", NULL, &set, id, &err))
        abort();
    sync_record_release(&set);
    if (node_web_new(&web, &ctx, e, false, false, &err))
        abort();
    /* A session as a browser gets one: its cookie from the first page. */
    struct node_web_req q = {.method = "GET",
                             .path = "/practices",
                             .host = "127.0.0.1:8080",
                             .peer_loopback = true};
    struct node_web_resp r;
    ask(&q, &r);
    sync_buf_release(&r.body);
    if (r.n_cookies < 1 ||
        sscanf(r.cookies[0], "spona_s=%64[0-9a-f]", token) != 1)
        abort();
    struct web_session *s = web_session_find(web, token);
    if (!s)
        abort();
    memcpy(csrf, s->csrf, sizeof(csrf) - 1);
    return 0;
}

/* Splits "KEY=VALUE" into a new pair. */
static void add_kv(struct web_kv *kv, size_t *n, const char *text)
{
    if (*n >= WEB_FIELDS_MAX)
        return;
    const char *eq = strchr(text, '=');
    size_t klen = eq ? (size_t)(eq - text) : strlen(text);
    kv[*n].key = sync_xstrndup(text, klen);
    kv[*n].value = sync_xstrdup(eq ? eq + 1 : "");
    (*n)++;
}

/* The marker comes back only escaped: "<zq" in the body is an injection,
 * unless the page shows it from the stored practice (which is escaped
 * too, so it never is). */
static void check(const struct node_web_resp *r)
{
    if (r->status < 200 || r->status > 599)
        abort();
    if (!r->location[0] && r->body.len == 0)
        abort();
    const char *b = (const char *)r->body.buf;
    for (size_t i = 0; i + strlen(MARKER) <= r->body.len; i++)
        if (memcmp(b + i, MARKER, strlen(MARKER)) == 0)
            abort();
    if (strpbrk(r->location, "\r\n"))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    struct node_web_req q = {.host = "127.0.0.1:8080", .peer_loopback = true};
    struct node_web_resp r;
    char *save = NULL;
    char *line = strtok_r(text, "\n", &save);
    unsigned flags = line ? (unsigned char)line[0] : 0;
    q.method = flags & 1 ? "POST" : "GET";
    q.path = line && line[0] ? line + 1 : "/";
    if (flags & 2)
        q.cookie_session = token;
    if (flags & 4)
        add_kv(q.form, &q.n_form, "csrf=");
    if (flags & 4 && q.n_form) {
        free(q.form[0].value);
        q.form[0].value = sync_xstrdup(csrf);
    }
    while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
        if (strlen(line) < 2 || line[1] != ':')
            continue;
        const char *v = line + 2;
        switch (line[0]) {
        case 'q':
            add_kv(q.query, &q.n_query, v);
            break;
        case 'f':
            add_kv(q.form, &q.n_form, v);
            break;
        case 'l':
            q.cookie_lang = v;
            break;
        case 's':
            q.cookie_session = v;
            break;
        case 'h':
            q.host = v;
            break;
        case 'o':
            q.origin = v;
            break;
        default:
            break;
        }
    }
    ask(&q, &r);
    check(&r);
    sync_buf_release(&r.body);
    node_web_req_release(&q);
    free(text);
    return 0;
}
