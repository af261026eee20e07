/* SPDX-License-Identifier: MIT */
/*
 * peer: a CURL easy handle per peer, reused between calls so the TLS
 * session and connection are kept. URLs are built with the URL API, never
 * by pasting strings.
 */
#include "peer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "spona/buf.h"
#include "spona/hlc.h"
#include "spona/limits.h"
#include "spona/mem.h"
#include "spona/req.h"

#include "spona/banned.h"

struct sync_peer {
    CURL *curl;                   /* the handle */
    CURLU *base;                  /* parsed base URL */
    const struct sync_key *key;   /* request signer; borrowed */
    char errbuf[CURL_ERROR_SIZE]; /* curl's last error text */
    sync_peer_stop_cb stop;       /* abandons a transfer, or NULL */
    void *stop_payload;           /* its argument */
};

enum sync_rc sync_peer_global_init(struct sync_err *err)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return sync_err_set(err, SYNC_INTERNAL, "cannot initialise libcurl");
    return SYNC_OK;
}

enum sync_rc sync_peer_open(struct sync_peer **out,
                            const struct sync_peer_opts *o,
                            struct sync_err *err)
{
    char *scheme = NULL;
    struct sync_peer *p = sync_xcalloc(1, sizeof(*p));
    enum sync_rc rc = SYNC_OK;
    p->key = o->key;
    p->base = curl_url();
    p->curl = curl_easy_init();
    if (!p->base || !p->curl)
        rc = sync_err_set(err, SYNC_INTERNAL, "cannot make a curl handle");
    else if (curl_url_set(p->base, CURLUPART_URL, o->url, 0) != CURLUE_OK ||
             curl_url_get(p->base, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK)
        rc = sync_err_set(err, SYNC_INVALID, "'%s' is not a URL", o->url);
    else if (strcmp(scheme, "https") != 0 &&
             !(o->allow_http && strcmp(scheme, "http") == 0))
        rc = sync_err_set(err, SYNC_INVALID,
                          "hub URL must be https://, not "
                          "'%s'",
                          o->url);
    curl_free(scheme);
    if (rc) {
        sync_peer_close(p);
        return rc;
    }
    CURL *c = p->curl;
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, p->errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR,
                     o->allow_http ? "https,http" : "https");
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
                     (long)SYNC_LIMIT_CONNECT_TIMEOUT_S);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT,
                     (long)SYNC_LIMIT_LOW_SPEED_BYTES);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, (long)SYNC_LIMIT_LOW_SPEED_S);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
                     (curl_off_t)SYNC_LIMIT_RESPONSE);
    if (o->pin && *o->pin) {
        /* A pinned self-signed hub: the pin is the whole check. */
        curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, o->pin);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    } else if (o->ca_file && *o->ca_file) {
        curl_easy_setopt(c, CURLOPT_CAINFO, o->ca_file);
    }
    *out = p;
    return SYNC_OK;
}

void sync_peer_close(struct sync_peer *p)
{
    if (!p)
        return;
    curl_easy_cleanup(p->curl);
    curl_url_cleanup(p->base);
    free(p);
}

static int on_progress(void *payload, curl_off_t dltotal, curl_off_t dlnow,
                       curl_off_t ultotal, curl_off_t ulnow)
{
    struct sync_peer *p = payload;
    (void)dltotal;
    (void)dlnow;
    (void)ultotal;
    (void)ulnow;
    return p->stop(p->stop_payload) ? 1 : 0;
}

void sync_peer_set_stop(struct sync_peer *p, sync_peer_stop_cb cb,
                        void *payload)
{
    p->stop = cb;
    p->stop_payload = payload;
    curl_easy_setopt(p->curl, CURLOPT_NOPROGRESS, cb ? 0L : 1L);
    curl_easy_setopt(p->curl, CURLOPT_XFERINFOFUNCTION,
                     cb ? on_progress : NULL);
    curl_easy_setopt(p->curl, CURLOPT_XFERINFODATA, p);
}

static size_t on_data(char *data, size_t size, size_t n, void *payload)
{
    struct sync_buf *b = payload;
    return sync_buf_add(b, data, size * n) ? 0 : size * n;
}

/* Adds "Name: value" to a header list. */
static struct curl_slist *header(struct curl_slist *l, const char *name,
                                 const char *value)
{
    char line[256];
    snprintf(line, sizeof(line), "%s: %s", name, value);
    return curl_slist_append(l, line);
}

static struct curl_slist *auth_headers(const struct sync_req_auth *a)
{
    struct sync_req_headers h;
    sync_req_to_headers(&h, a);
    struct curl_slist *l = header(NULL, SYNC_REQ_H_KEY, h.key);
    l = header(l, SYNC_REQ_H_TIME, h.time);
    l = header(l, SYNC_REQ_H_NONCE, h.nonce);
    return header(l, SYNC_REQ_H_SIG, h.sig);
}

enum sync_rc sync_peer_call(struct sync_peer *p, const char *method,
                            const char *path, const void *body, size_t len,
                            bool sign, char **out, size_t *out_len,
                            long *status, struct sync_err *err)
{
    struct sync_req_auth a;
    if (sign)
        sync_req_sign(&a, p->key, method, path, body, len, sync_hlc_wall_ms());
    return sync_peer_call_as(p, method, path, body, len, sign ? &a : NULL, out,
                             out_len, status, err);
}

enum sync_rc sync_peer_call_as(struct sync_peer *p, const char *method,
                               const char *path, const void *body, size_t len,
                               const struct sync_req_auth *auth, char **out,
                               size_t *out_len, long *status,
                               struct sync_err *err)
{
    struct sync_buf resp;
    char *url = NULL;
    CURLU *u = curl_url_dup(p->base);
    enum sync_rc rc = SYNC_OK;
    if (strlen(path) > SYNC_LIMIT_URL_PATH ||
        curl_url_set(u, CURLUPART_PATH, path, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_URL, &url, 0) != CURLUE_OK) {
        curl_url_cleanup(u);
        return sync_err_set(err, SYNC_INVALID, "bad request path '%.60s'",
                            path);
    }
    curl_url_cleanup(u);
    struct curl_slist *h = auth ? auth_headers(auth) : NULL;
    h = curl_slist_append(h, "Content-Type: application/json");
    h = curl_slist_append(h, "Expect:"); /* no 100-continue round trip */
    sync_buf_init(&resp, SYNC_LIMIT_RESPONSE);
    CURL *c = p->curl;
    p->errbuf[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
    if (strcmp(method, "POST") == 0) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
    CURLcode r = curl_easy_perform(c);
    if (r == CURLE_WRITE_ERROR || r == CURLE_FILESIZE_EXCEEDED)
        rc = sync_err_set(err, SYNC_TOOBIG,
                          "response from %s is over %d "
                          "bytes",
                          url, SYNC_LIMIT_RESPONSE);
    else if (r != CURLE_OK)
        rc = sync_err_set(err, SYNC_NET, "cannot reach %s: %s", url,
                          p->errbuf[0] ? p->errbuf : curl_easy_strerror(r));
    if (!rc) {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
        *out = sync_buf_detach(&resp, out_len);
    }
    sync_buf_release(&resp);
    curl_slist_free_all(h);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    curl_free(url);
    return rc;
}

char *sync_url_escape(const char *text)
{
    /* The handle argument is unused by libcurl since 7.82. */
    char *e = curl_easy_escape(NULL, text, (int)strlen(text));
    if (!e)
        sync_oom(strlen(text) * 3);
    char *out = sync_xstrdup(e);
    curl_free(e);
    return out;
}
