/* SPDX-License-Identifier: MIT */
/*
 * node: the shared layer of the spona program, under the command line
 * (cli/), the servers (server/) and the web pages (web/): the data folder
 * and its files, the config, opening the node, the upstream hub, invites,
 * exports, TLS files and the parallel hook. Functions here return enum
 * sync_rc with a struct sync_err and never print; only node_log writes,
 * and only to the log. The work itself is done by libsync, through its
 * front door (include/spona).
 */
#ifndef NODE_H
#define NODE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "spona/engine.h"
#include "spona/err.h"
#include "spona/json.h"
#include "spona/round.h"

/* Log levels of messages on standard error. */
enum node_level { NODE_DEBUG, NODE_INFO, NODE_WARN, NODE_ERROR };

/* Settings of spona.conf (see config.example). Strings are owned. */
struct node_config {
    /* [node] */
    char *org;             /* organisation the node writes for */
    char *name;            /* short node name, shown to peers */
    char *lsg;             /* municipality of the node (lsg id), or NULL */
    enum node_level level; /* least level printed on stderr */
    char *passphrase_file; /* first line opens a sealed node.key */
    /* [hub] */
    char *listen;         /* sync API address "host:port" */
    char *public_url;     /* URL members reach the hub at */
    char *cert;           /* TLS certificate (PEM), relative to dir */
    char *tls_key;        /* its private key (PEM), relative to dir */
    bool allow_http;      /* plain HTTP, loopback tests only */
    int64_t member_rate;  /* requests per second per member */
    int64_t member_burst; /* requests a member may make at once */
    /* [upstream] */
    char *up_url; /* hub this node syncs with */
    char *up_key; /* its key (base64) */
    char *up_pin; /* its TLS pin "sha256//..." */
    char *up_ca;  /* or a CA bundle */
    /* [sync] */
    int64_t interval_s;   /* seconds between rounds */
    int64_t checkpoint_s; /* a hub's seconds between checkpoints */
    int64_t retry_max_s;  /* longest wait after failures */
    /* [ui] */
    char *ui_listen;  /* web pages "host:port", or "off" */
    char *ui_cert;    /* TLS certificate of the pages, or NULL */
    char *ui_tls_key; /* its private key */
    bool ui_login;    /* ask for a login even on loopback */
    char ui_lang[4];  /* pages' default language: bs, hr, sr or en */
};

/* Everything a command gets from main. */
struct node_ctx {
    char *dir;                    /* data folder; owned */
    char *conf_path;              /* dir/spona.conf; owned */
    char *conf_extra;             /* --config: read after conf_path, or NULL */
    char *key_path;               /* dir/node.key; owned */
    char *db_path;                /* dir/node.db; owned */
    bool json;                    /* --json given before the command */
    struct node_config cfg;       /* read by node_open */
    struct sync_engine *e;        /* the node, opened by main for commands that
                                     need one (NODE_RUN_SETUP); else NULL */
    struct node_metrics *metrics; /* serve's figures (svc.h), or NULL */
    struct sync_key *key;         /* node.key, read once by node_open (a
                                     sealed one needs its passphrase), for
                                     every engine opened after; or NULL */
    struct node_wake *wake;       /* wakes serve's sync loop for a round
                                     now (wake.h), or NULL */
};

/* Writes "spona: message" to the log (standard error) when level passes
 * the config (ctx NULL: always). */
void node_log(const struct node_ctx *ctx, enum node_level level,
              const char *fmt, ...) SYNC_PRINTF(3, 4);

/* node_log with a va_list. */
void node_logv(const struct node_ctx *ctx, enum node_level level,
               const char *fmt, va_list ap) SYNC_PRINTF(3, 0);
/* Switches the log to daemon lines (journald priorities when standard
 * error is the journal, else timestamps) at level: what serve does. */
void node_log_daemon(enum node_level level);
/* Changes the least level of daemon lines (a SIGHUP reload). */
void node_log_set_level(enum node_level level);
/* "debug", "info", "warn" or "error". */
const char *node_level_name(enum node_level level);

/* Reads the config and opens the node. SYNC_NOTFOUND, with a message
 * saying how to create one, when the folder holds no node. */
enum sync_rc node_open(struct node_ctx *ctx, struct sync_engine **out,
                       struct sync_err *err) SYNC_MUST_CHECK;
/* Opens the node once more (another connection, for another thread),
 * with the config already read. */
enum sync_rc node_open_again(const struct node_ctx *ctx,
                             struct sync_engine **out,
                             struct sync_err *err) SYNC_MUST_CHECK;
/* The upstream hub of the config. SYNC_NOTFOUND when none was joined,
 * SYNC_INVALID when its key is malformed. */
enum sync_rc node_upstream(const struct node_ctx *ctx,
                           struct sync_upstream *out,
                           struct sync_err *err) SYNC_MUST_CHECK;
/* dir/name; the result belongs to the caller. */
char *node_join_path(const char *dir, const char *name);
/* path of a file named in the config: as is when absolute, else in dir.
 * The result belongs to the caller. */
char *node_path(const struct node_ctx *ctx, const char *name);

/* ---- passphrases (pass.c) ---- */
#define NODE_PASS_MAX 1024 /* bytes of a passphrase */
#define NODE_PASS_MIN 8    /* the shortest one taken for a new seal */
/* A passphrase into buf (size bytes): the first line of file, else asked
 * for on the terminal without echo (twice when confirm, and then at least
 * NODE_PASS_MIN characters). buf is wiped on failure. */
enum sync_rc node_pass_read(const char *file, bool confirm, char *buf,
                            size_t size, struct sync_err *err) SYNC_MUST_CHECK;
/* Reads node.key into ctx->key unless it is there. A sealed one is opened
 * with the passphrase from [node] passphrase_file, else
 * $CREDENTIALS_DIRECTORY/spona-passphrase (systemd's LoadCredential=),
 * else the terminal; the passphrase is wiped at once. */
enum sync_rc node_key_load(struct node_ctx *ctx,
                           struct sync_err *err) SYNC_MUST_CHECK;
/* Reads the key file at path as node_key_load reads node.key. */
enum sync_rc node_key_read(const struct node_ctx *ctx, const char *path,
                           struct sync_key **out,
                           struct sync_err *err) SYNC_MUST_CHECK;
/* Writes key to a new file at path, sealed with node.key's passphrase
 * when node.key is sealed. */
enum sync_rc node_key_write(const struct node_ctx *ctx,
                            const struct sync_key *key, const char *path,
                            struct sync_err *err) SYNC_MUST_CHECK;
/* Makes a rename into dir last (fsync of the folder). */
void node_sync_dir(const char *dir);
/* The file of a node's next key while a rotation is under way. */
#define NODE_NEXT_KEY "node.key.next"

/* Whether code names a language of the pages: bs, hr, sr or en. */
bool node_lang_ok(const char *code);

/* Reads spona.conf into cfg (defaults for what is missing). */
enum sync_rc node_config_load(struct node_config *cfg, const char *path,
                              struct sync_err *err) SYNC_MUST_CHECK;
void node_config_release(struct node_config *cfg);
/* Reads one more config file over cfg: its settings replace those read
 * before (--config over the data folder's spona.conf). */
enum sync_rc node_config_overlay(struct node_config *cfg, const char *path,
                                 struct sync_err *err) SYNC_MUST_CHECK;
/* Writes a new spona.conf (never over an existing one); lsg is the
 * node's municipality (NULL: a commented line asks for it); extra is
 * more sections, already formatted, or NULL. */
enum sync_rc node_config_write(const char *path, const char *org,
                               const char *name, const char *lsg,
                               const char *extra,
                               struct sync_err *err) SYNC_MUST_CHECK;
/* Appends text (whole sections) to spona.conf and syncs it to disk. */
enum sync_rc node_config_append(const char *path, const char *text,
                                struct sync_err *err) SYNC_MUST_CHECK;

/* ---- TLS (tls.c) ---- */
/* Makes a self-signed certificate and key for cn; pin gets its SPKI pin. */
enum sync_rc node_tls_make(const char *cert_path, const char *key_path,
                           const char *cn, char *pin, size_t pin_size,
                           struct sync_err *err) SYNC_MUST_CHECK;
/* The SPKI pin of a PEM certificate file. */
enum sync_rc node_tls_pin(const char *cert_path, char *pin, size_t pin_size,
                          struct sync_err *err) SYNC_MUST_CHECK;
/* Reads a PEM file (at most 64 KiB); *out belongs to the caller. */
enum sync_rc node_tls_read(const char *path, char **out,
                           struct sync_err *err) SYNC_MUST_CHECK;

/* Reads the certificate and key files named cert and key (relative to
 * the data folder unless absolute); both results belong to the caller. */
enum sync_rc node_tls_load(const struct node_ctx *ctx, const char *cert,
                           const char *key, char **cert_pem, char **key_pem,
                           struct sync_err *err) SYNC_MUST_CHECK;

/* Makes an invite for org (role "node" or "hub", valid ttl_s seconds) and
 * writes its join string into line. SYNC_INVALID when the config lacks
 * [hub] public_url; the certificate's errors when it is unreadable. */
enum sync_rc node_hub_invite(const struct node_ctx *ctx, struct sync_engine *e,
                             const char *org, const char *role, int64_t ttl_s,
                             char *line, size_t size,
                             struct sync_err *err) SYNC_MUST_CHECK;

/* Formats of node_export. */
enum node_export_fmt {
    NODE_EXPORT_CSV,
    NODE_EXPORT_JSON,
    NODE_EXPORT_VCARD,
    NODE_EXPORT_XLSX /* an Excel workbook (libxlsxwriter); needs a path */
};
/* Flags of node_export. */
enum node_export_flags {
    NODE_EXPORT_PUBLIC = 1 << 0,      /* only public, non-draft practices */
    NODE_EXPORT_SPREADSHEET = 1 << 1, /* cells that start like a formula
                                         get a leading ' */
    NODE_EXPORT_LABELS = 1 << 2,      /* CSV, XLSX: labels in a language
                                         instead of codes, dates as
                                         DD.MM.YYYY */
};
/* How node_export_to writes. */
struct node_export_opts {
    enum node_export_fmt fmt; /* the format */
    char sep;                 /* CSV: ',' or ';' */
    unsigned flags;           /* enum node_export_flags */
    enum sync_lang lang;      /* NODE_EXPORT_LABELS: their language */
    const char *path;         /* XLSX: the file to write (replaced) */
};
/* Writes the live rows of table to out (see 'spona export --help'); an
 * export of personal data goes to the audit log first. n_out gets the
 * rows written. SYNC_INVALID for an unknown table, SYNC_IO when out
 * fails. */
enum sync_rc node_export(struct sync_engine *e, const char *table,
                         enum node_export_fmt fmt, char sep, unsigned flags,
                         FILE *out, size_t *n_out,
                         struct sync_err *err) SYNC_MUST_CHECK;
/* Like node_export, with labels and XLSX (written to o->path, not out,
 * which may then be NULL). SYNC_TOOBIG past the rows of a worksheet. */
enum sync_rc node_export_to(struct sync_engine *e, const char *table,
                            const struct node_export_opts *o, FILE *out,
                            size_t *n_out,
                            struct sync_err *err) SYNC_MUST_CHECK;

/* A table of counts, one of a hub's report: a label and a number a row. */
struct node_counts {
    const char *sheet;         /* XLSX: the worksheet's name (ASCII) */
    const char *title;         /* the header's first cell */
    const char *count_head;    /* the header's second cell */
    const char *const *labels; /* rows labels */
    const int64_t *n;          /* rows counts */
    size_t rows;
};
/* Writes c as CSV (to out: byte-order mark, ';', CRLF, cells that would
 * run as formulas get a ') or XLSX (to path, counts as numbers).
 * SYNC_INVALID for another format, SYNC_IO when writing fails. */
enum sync_rc node_export_counts(const struct node_counts *c,
                                enum node_export_fmt fmt, FILE *out,
                                const char *path,
                                struct sync_err *err) SYNC_MUST_CHECK;

/* The parallel hook of libsync (sync_parallel_fn), on POSIX threads, and
 * how many threads to give it: the cores online, at most 8. */
void node_parallel(void *ctx, size_t threads, void (*work)(void *arg, size_t i),
                   void *arg);
size_t node_cores(void);

#endif
