/* SPDX-License-Identifier: MIT */
/*
 * pages: the web pages' requests as libmicrohttpd hands them (query,
 * form through MHD's post processor, cookies, headers), collected into a
 * struct node_web_req for node_web_handle, and the page sent back with
 * the security headers every page carries.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "spona/buf.h"
#include "spona/fed.h"
#include "spona/mem.h"
#include "spona/json.h"
#include "common/node.h"
#include "server/server.h"
#include "spona/num.h"
#include "web/web.h"
#include "server/svc.h"
#include "spona/gate.h"
#include "spona/hlc.h"
#include "spona/seen.h"
#include "server/http_int.h"

#include "spona/banned.h"

enum MHD_Result http_on_form(void *cls, enum MHD_ValueKind kind,
                             const char *key, const char *filename,
                             const char *content_type,
                             const char *transfer_encoding, const char *data,
                             uint64_t off, size_t size)
{
    struct node_req *q = cls;
    struct node_web_req *w = &q->web;
    (void)kind;
    (void)filename;
    (void)content_type;
    (void)transfer_encoding;
    q->form_bytes += size + strlen(key);
    if (q->form_bytes > q->form_max) {
        w->form_too_big = true;
        return MHD_NO;
    }
    /* A long value comes in pieces: off > 0 continues the last field. */
    if (off > 0 && w->n_form && strcmp(w->form[w->n_form - 1].key, key) == 0) {
        struct web_kv *kv = &w->form[w->n_form - 1];
        kv->value = sync_xrealloc(kv->value, kv->len + size + 1);
        memcpy(kv->value + kv->len, data, size);
        kv->len += size;
        kv->value[kv->len] = '\0';
        return MHD_YES;
    }
    if (w->n_form == WEB_FIELDS_MAX) {
        w->form_too_big = true;
        return MHD_NO;
    }
    struct web_kv *kv = &w->form[w->n_form++];
    kv->key = sync_xstrdup(key);
    kv->value = sync_xmalloc(size + 1);
    if (size)
        memcpy(kv->value, data, size);
    kv->value[size] = '\0';
    kv->len = size;
    return MHD_YES;
}

static enum MHD_Result on_query(void *cls, enum MHD_ValueKind kind,
                                const char *key, const char *value)
{
    struct node_web_req *w = cls;
    (void)kind;
    if (w->n_query == WEB_FIELDS_MAX)
        return MHD_NO;
    w->query[w->n_query].key = sync_xstrdup(key);
    w->query[w->n_query].value = sync_xstrdup(value ? value : "");
    w->query[w->n_query].len = strlen(w->query[w->n_query].value);
    w->n_query++;
    return MHD_YES;
}

static void add_header(struct MHD_Response *r, const char *name,
                       const char *value)
{
    MHD_add_response_header(r, name, value);
}

static enum MHD_Result send_page(struct MHD_Connection *c,
                                 struct node_web_resp *wr)
{
    size_t len = 0;
    char *body = sync_buf_detach(&wr->body, &len);
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    add_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, wr->type);
    add_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    add_header(r, "X-Content-Type-Options", "nosniff");
    add_header(r, "Referrer-Policy", "same-origin");
    add_header(r, "X-Frame-Options", "DENY");
    add_header(r, "Content-Security-Policy",
               "default-src 'none'; style-src 'self'; img-src 'self'; "
               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    if (wr->location[0])
        add_header(r, MHD_HTTP_HEADER_LOCATION, wr->location);
    for (size_t i = 0; i < wr->n_cookies; i++)
        add_header(r, MHD_HTTP_HEADER_SET_COOKIE, wr->cookies[i]);
    if (wr->filename[0]) {
        char disp[128];
        snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"",
                 wr->filename);
        add_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disp);
    }
    enum MHD_Result ret = MHD_queue_response(c, wr->status, r);
    MHD_destroy_response(r);
    return ret;
}

/* Whether the client connected from this machine (127.0.0.0/8, ::1). */
static bool peer_loopback(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    if (sa && sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)(const void *)sa)
                          ->sin_addr.s_addr) >>
                24) == 127;
    return sa && sa->sa_family == AF_INET6 &&
           IN6_IS_ADDR_LOOPBACK(
               &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr);
}

enum MHD_Result http_on_page(struct node_http *h, struct MHD_Connection *c,
                             const char *url, const char *method,
                             const char *upload, size_t *upload_size,
                             struct node_req *q)
{
    struct node_web_req *w = &q->web;
    if (*upload_size) {
        if (!q->pp)
            w->form_bad = true; /* a body that is not a form */
        else if (!w->form_too_big && !w->form_bad &&
                 MHD_post_process(q->pp, upload, *upload_size) != MHD_YES &&
                 !w->form_too_big)
            w->form_bad = true;
        q->body_bytes += *upload_size;
        *upload_size = 0;
        if (q->body_bytes > q->form_max) {
            node_log(h->ctx, NODE_INFO,
                     "web: %s %s: body over %zu bytes, "
                     "connection closed",
                     method, url, q->form_max);
            return MHD_NO;
        }
        return MHD_YES;
    }
    struct node_web_resp wr;
    memset(&wr, 0, sizeof(wr));
    w->method = method;
    w->path = url;
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, on_query, w);
    w->cookie_session =
        MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "spona_s");
    w->cookie_lang =
        MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "spona_lang");
    w->host = http_hdr(c, MHD_HTTP_HEADER_HOST);
    w->origin = http_hdr(c, "Origin");
    w->peer_loopback = peer_loopback(c);
    node_web_handle(h->web, w, &wr);
    node_log(h->ctx, NODE_DEBUG, "web: %s %s %u", method, url, wr.status);
    enum MHD_Result ret = send_page(c, &wr);
    sync_buf_release(&wr.body);
    return ret;
}
