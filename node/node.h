/* SPDX-License-Identifier: MIT */
/*
 * node: the spona program. main.c reads the global options and dispatches
 * to one cmd_<name>.c per subcommand; this header is what they share: the
 * data folder and its files, the config, option parsing and output. Only
 * this program prints or exits; the work is done by libsync.
 */
#ifndef NODE_H
#define NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "engine.h"
#include "round.h"
#include "msg.h"
#include "err.h"

/* Exit codes of every command. */
enum node_exit {
    NODE_EXIT_OK = 0,    /* done */
    NODE_EXIT_FAIL = 1,  /* the operation failed */
    NODE_EXIT_USAGE = 2  /* the command line was wrong */
};

/* Log levels of messages on standard error. */
enum node_level { NODE_DEBUG, NODE_INFO, NODE_WARN, NODE_ERROR };

/* Settings of spona.conf (see config.example). Strings are owned. */
struct node_config {
    /* [node] */
    char *org;              /* organisation the node writes for */
    char *name;             /* short node name, shown to peers */
    enum node_level level;  /* least level printed on stderr */
    /* [hub] */
    char *listen;           /* sync API address "host:port" */
    char *public_url;       /* URL members reach the hub at */
    char *cert;             /* TLS certificate (PEM), relative to dir */
    char *tls_key;          /* its private key (PEM), relative to dir */
    bool allow_http;        /* plain HTTP, loopback tests only */
    /* [upstream] */
    char *up_url;           /* hub this node syncs with */
    char *up_key;           /* its key (base64) */
    char *up_pin;           /* its TLS pin "sha256//..." */
    char *up_ca;            /* or a CA bundle */
    /* [sync] */
    int64_t interval_s;     /* seconds between rounds */
    int64_t retry_max_s;    /* longest wait after failures */
    /* [ui] */
    char *ui_listen;        /* web pages "host:port", or "off" */
    char *ui_cert;          /* TLS certificate of the pages, or NULL */
    char *ui_tls_key;       /* its private key */
    bool ui_login;          /* ask for a login even on loopback */
};

/* Everything a command gets from main. */
struct node_ctx {
    char *dir;              /* data folder; owned */
    char *conf_path;        /* dir/spona.conf; owned */
    char *conf_extra;       /* --config: read after conf_path, or NULL */
    char *key_path;         /* dir/node.key; owned */
    char *db_path;          /* dir/node.db; owned */
    bool json;              /* --json given before the command */
    struct node_config cfg; /* read by node_open */
    struct node_metrics *metrics; /* serve's figures (svc.h), or NULL */
};

/* A subcommand: argv[0] is its name; returns an enum node_exit. */
typedef int (*node_cmd_fn)(struct node_ctx *ctx, int argc, char **argv);

/* One option of a command. */
struct node_opt {
    const char *name;  /* long name without "--" */
    const char **val;  /* set to the argument, or NULL for a flag */
    bool *flag;        /* set to true for a flag */
};

/*
 * Parses argv[1..] of a command: options of opts (--name VALUE,
 * --name=VALUE, --flag) and at most max_pos positional arguments into pos.
 * "--help" prints help and returns -1; a wrong command line prints why and
 * the usage line and returns NODE_EXIT_USAGE; success returns 0.
 */
int node_opts(int argc, char **argv, const struct node_opt *opts,
              const char **pos, size_t max_pos, size_t *n_pos,
              const char *help);

/* Prints "spona: message" on stderr when level passes the config. */
void node_log(const struct node_ctx *ctx, enum node_level level,
              const char *fmt, ...) SYNC_PRINTF(3, 4);
/* Prints err as a failure and returns NODE_EXIT_FAIL. */
int node_fail(const struct sync_err *err);
/* Prints a usage error with the usage line, returns NODE_EXIT_USAGE. */
int node_usage(const char *help, const char *fmt, ...) SYNC_PRINTF(2, 3);

/* Reads the config and opens the node. Returns an exit code. */
int node_open(struct node_ctx *ctx, struct sync_engine **out);
/* Opens the node once more (another connection, for another thread),
 * with the config already read. Returns an exit code. */
int node_open_again(const struct node_ctx *ctx, struct sync_engine **out);
/* Reads spona.conf into cfg (defaults for what is missing). */
enum sync_rc node_config_load(struct node_config *cfg, const char *path,
                              struct sync_err *err) SYNC_MUST_CHECK;
/* Reads one more config file over cfg: its settings replace those read
 * before (--config over the data folder's spona.conf). */
enum sync_rc node_config_overlay(struct node_config *cfg, const char *path,
                                 struct sync_err *err) SYNC_MUST_CHECK;
/* Writes a new spona.conf (never over an existing one); extra is more
 * sections, already formatted, or NULL. */
enum sync_rc node_config_write(const char *path, const char *org,
                               const char *name, const char *extra,
                               struct sync_err *err) SYNC_MUST_CHECK;
/* Appends text (whole sections) to spona.conf and syncs it to disk. */
enum sync_rc node_config_append(const char *path, const char *text,
                                struct sync_err *err) SYNC_MUST_CHECK;
/* path of a file named in the config: as is when absolute, else in dir.
 * The result belongs to the caller. */
char *node_path(const struct node_ctx *ctx, const char *name);

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

/* ---- the sync API server (http.c) ---- */
struct node_http;
/* Serves the sync API on listen (numeric HOST:PORT) over TLS with the PEM
 * certificate and key, or plain HTTP when they are NULL; takes e, which
 * only the server thread uses from then on. Returns an exit code. */
int node_http_start(struct node_http **out, const struct node_ctx *ctx,
                    struct sync_engine *e, const char *listen,
                    const char *cert_pem, const char *key_pem);
/* Serves the web pages (web.c) on listen, over TLS when cert_pem and
 * key_pem are given; login: visitors must log in. Takes e like
 * node_http_start. Returns an exit code. */
int node_ui_start(struct node_http **out, const struct node_ctx *ctx,
                  struct sync_engine *e, const char *listen,
                  const char *cert_pem, const char *key_pem, bool login);
/* Stops serving, waits for the server thread, closes its engine. */
void node_http_stop(struct node_http *h);

/* Makes an invite for org (role "node" or "hub", valid ttl_s seconds) and
 * writes its join string into line. Returns an exit code (1 with a message
 * when the config lacks [hub] public_url or the certificate is unreadable). */
int node_hub_invite(const struct node_ctx *ctx, struct sync_engine *e,
                    const char *org, const char *role, int64_t ttl_s,
                    char *line, size_t size);

/* Formats of node_export. */
enum node_export_fmt { NODE_EXPORT_CSV, NODE_EXPORT_JSON, NODE_EXPORT_VCARD };
/* Flags of node_export. */
enum node_export_flags {
    NODE_EXPORT_PUBLIC = 1 << 0,      /* only public, non-draft practices */
    NODE_EXPORT_SPREADSHEET = 1 << 1, /* cells that start like a formula
                                         get a leading ' */
};
/* Writes the live rows of table to out (see 'spona export --help'); an
 * export of personal data goes to the audit log first. n_out gets the
 * rows written. SYNC_INVALID for an unknown table, SYNC_IO when out
 * fails. */
enum sync_rc node_export(struct sync_engine *e, const char *table,
                         enum node_export_fmt fmt, char sep, unsigned flags,
                         FILE *out, size_t *n_out,
                         struct sync_err *err) SYNC_MUST_CHECK;

/* The upstream hub of the config; exit code (1 with a message if none). */
int node_upstream(const struct node_ctx *ctx, struct sync_upstream *out);
void node_config_release(struct node_config *cfg);

/* Parses field=value words of table into set. Returns an exit code. */
int node_fields(const struct sync_engine *e, const char *table,
                const char *const *words, size_t n, struct sync_record *set,
                const char *help);
/* Parses text as field name of table t into set. Returns an exit code. */
int node_field(const struct sync_engine *e, const struct sync_tdef *t,
               const char *name, const char *text, struct sync_record *set);
/* Prints a row as "field value" lines, or as JSON with ctx->json. */
void node_print_record(const struct node_ctx *ctx, const struct sync_tdef *t,
                       const struct sync_record *r);
/* Prints the live rows of table. Returns an exit code. */
int node_print_list(const struct node_ctx *ctx, struct sync_engine *e,
                    const char *table);
/* Prints row id of table. Returns an exit code. */
int node_show(const struct node_ctx *ctx, struct sync_engine *e,
              const char *table, const char *id);
/* "2026-11-23T09:35:15Z" of Unix ms. */
void node_time(char out[32], int64_t ms);
/* Prints a JSON document on stdout; frees it. */
void node_print_json(struct sync_json *j);

/* The parallel hook of libsync (sync_parallel_fn), on POSIX threads, and
 * how many threads to give it: the cores online, at most 8. */
void node_parallel(void *ctx, size_t threads,
                   void (*work)(void *arg, size_t i), void *arg);
size_t node_cores(void);

int cmd_init(struct node_ctx *ctx, int argc, char **argv);
int cmd_put(struct node_ctx *ctx, int argc, char **argv);
int cmd_delete(struct node_ctx *ctx, int argc, char **argv);
int cmd_get(struct node_ctx *ctx, int argc, char **argv);
int cmd_list(struct node_ctx *ctx, int argc, char **argv);
int cmd_log(struct node_ctx *ctx, int argc, char **argv);
int cmd_verify(struct node_ctx *ctx, int argc, char **argv);
int cmd_tables(struct node_ctx *ctx, int argc, char **argv);
int cmd_join(struct node_ctx *ctx, int argc, char **argv);
int cmd_sync(struct node_ctx *ctx, int argc, char **argv);
int cmd_status(struct node_ctx *ctx, int argc, char **argv);
int cmd_serve(struct node_ctx *ctx, int argc, char **argv);
int cmd_hub(struct node_ctx *ctx, int argc, char **argv);
int cmd_search(struct node_ctx *ctx, int argc, char **argv);
int cmd_erase(struct node_ctx *ctx, int argc, char **argv);
int cmd_import(struct node_ctx *ctx, int argc, char **argv);
int cmd_export(struct node_ctx *ctx, int argc, char **argv);
int cmd_audit(struct node_ctx *ctx, int argc, char **argv);
int cmd_user(struct node_ctx *ctx, int argc, char **argv);
/* "spona TABLE add|edit|show|list|delete": friendlier forms of the above. */
/* Opens an in-memory store holding the built-in schema. Exit code. */
int node_schema_open(struct sync_store **out);
int cmd_record(struct node_ctx *ctx, int argc, char **argv);

#endif
