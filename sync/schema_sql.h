/* SPDX-License-Identifier: MIT */
/*
 * schema_sql: the migrations of schema/, embedded by the build
 * (cmake/EmbedSql.cmake) in name order. Only store.c reads them.
 */
#ifndef SYNC_SCHEMA_SQL_H
#define SYNC_SCHEMA_SQL_H

#include <stddef.h>

struct sync_schema_file {
    const char *name; /* "0001-core.sql" */
    const char *sql;  /* the file's text, NUL-terminated */
    size_t len;       /* bytes of sql */
};

extern const struct sync_schema_file sync_schema_files[];
extern const size_t sync_schema_n_files;

#endif
