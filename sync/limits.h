/* SPDX-License-Identifier: MIT */
/*
 * limits: every size that can come from outside the process, named once.
 * Checked before allocating; exceeding one fails with SYNC_TOOBIG.
 */
#ifndef SYNC_LIMITS_H
#define SYNC_LIMITS_H

/* Entries */
#define SYNC_LIMIT_PAYLOAD (64 * 1024)   /* bytes of one entry payload */
#define SYNC_LIMIT_TABLE_NAME 32         /* bytes of a table name */
#define SYNC_LIMIT_FIELD_NAME 48         /* bytes of a field name */
#define SYNC_LIMIT_FIELDS 64             /* fields in one payload */
#define SYNC_LIMIT_TEXT (16 * 1024)      /* bytes of one text value */
#define SYNC_LIMIT_LIST_ITEMS 64         /* items in one list value */
#define SYNC_LIMIT_ORG_NAME 200          /* bytes of an organisation name */

/* Clocks */
#define SYNC_LIMIT_HLC_AHEAD_MS (10 * 60 * 1000) /* flag authors further ahead */

/* Files */
#define SYNC_LIMIT_CONFIG_FILE (64 * 1024) /* bytes of the config file */
#define SYNC_LIMIT_KEY_FILE 4096           /* bytes of a key file */

/* Output */
#define SYNC_LIMIT_JSON_OUT (64 * 1024 * 1024) /* bytes of one JSON document */

#endif
