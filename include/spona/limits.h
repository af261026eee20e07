/* SPDX-License-Identifier: MIT */
/*
 * limits: every size that can come from outside the process, named once.
 * Checked before allocating; exceeding one fails with SYNC_TOOBIG.
 */
#ifndef SPONA_LIMITS_H
#define SPONA_LIMITS_H

/* Entries */
#define SYNC_LIMIT_PAYLOAD (64 * 1024) /* bytes of one entry payload */
#define SYNC_LIMIT_TABLE_NAME 32       /* bytes of a table name */
#define SYNC_LIMIT_FIELD_NAME 48       /* bytes of a field name */
#define SYNC_LIMIT_FIELDS 64           /* fields in one payload */
#define SYNC_LIMIT_TEXT (16 * 1024)    /* bytes of one text value */
#define SYNC_LIMIT_LIST_ITEMS 64       /* items in one list value */
#define SYNC_LIMIT_ORG_NAME 200        /* bytes of an organisation name */
#define SYNC_LIMIT_ROTATE_HAVES 4      /* feeds listed in a key rotation */
#define SYNC_LIMIT_TRUST_DEPTH 16      /* roster rows from a root to a key */
#define SYNC_LIMIT_BASES 64            /* versions one field write replaces */

/* Clocks */
/* Authors whose clock is further ahead are flagged. */
#define SYNC_LIMIT_HLC_AHEAD_MS (10 * 60 * 1000)

/* Sync protocol */
#define SYNC_LIMIT_URL_PATH 256                  /* bytes of a request path */
#define SYNC_LIMIT_REQ_SKEW_MS (5 * 60 * 1000)   /* request time window */
#define SYNC_LIMIT_BODY (8 * 1024 * 1024)        /* bytes of a request body */
#define SYNC_LIMIT_RESPONSE (16 * 1024 * 1024)   /* bytes of a response */
#define SYNC_LIMIT_BATCH_ENTRIES 2000            /* entries in one batch */
#define SYNC_LIMIT_BATCH_BYTES (4 * 1024 * 1024) /* bytes of one batch */
#define SYNC_LIMIT_HAVE_FEEDS 100000             /* feeds in a pull request */
#define SYNC_LIMIT_WANT 256 /* withheld entries one pull asks for again */
#define SYNC_LIMIT_FORKS 64 /* fork proofs one pull or push carries */
#define SYNC_LIMIT_INVITE_TTL_S (7 * 24 * 3600) /* an invite's lifetime */
/* Seconds a hub holds a pull that asks to wait (PROTOCOL.md §10). */
#define SYNC_LIMIT_LONGPOLL_S 25
/* Pulls a hub holds at once; past it, pulls are answered at once. */
#define SYNC_LIMIT_LONGPOLL_HELD 512

/* Server */
#define SYNC_LIMIT_CONNECTIONS 1000  /* open connections in total */
#define SYNC_LIMIT_CONN_PER_IP 8     /* open connections per address */
#define SYNC_LIMIT_CONN_TIMEOUT_S 30 /* idle seconds before closing */
/* Seconds from accept or the last answer to TLS and headers complete. */
#define SYNC_LIMIT_HEADER_TIMEOUT_S 10
/* The same while over 3/4 of the connections are taken. */
#define SYNC_LIMIT_HEADER_BUSY_S 2
/* Bytes of one connection's headers and buffers. */
#define SYNC_LIMIT_CONN_MEMORY (64 * 1024)
/* Request body bytes held unverified, all connections together. */
#define SYNC_LIMIT_BODY_INFLIGHT (32 * 1024 * 1024)
#define SYNC_LIMIT_JOIN_BODY (4 * 1024) /* bytes of a join request body */
/* Requests per second one member may make, on average... */
#define SYNC_LIMIT_MEMBER_RATE 20
/* ... and at once after a quiet spell (a full pull of 100,000 entries
 * takes about 55). */
#define SYNC_LIMIT_MEMBER_BURST 100
#define SYNC_LIMIT_REJECTED_ROWS 10000 /* rejected entries a node keeps */

/* Client */
/* The longest 429 Retry-After a round waits out before asking again. */
#define SYNC_LIMIT_RETRY_AFTER_S 10
#define SYNC_LIMIT_CONNECT_TIMEOUT_S 10 /* seconds to connect */
#define SYNC_LIMIT_LOW_SPEED_BYTES 512  /* abort below this many bytes/s */
#define SYNC_LIMIT_LOW_SPEED_S 30       /* ... for this many seconds */

/* Imports of spreadsheets */
#define SYNC_LIMIT_IMPORT_FILE (256 * 1024 * 1024) /* bytes of one file */
#define SYNC_LIMIT_IMPORT_PROBLEMS 10000 /* problems reported in full */

/* Search */
#define SYNC_LIMIT_QUERY 1000       /* bytes of a search query */
#define SYNC_LIMIT_QUERY_WORDS 16   /* words of a search query */
#define SYNC_LIMIT_SEARCH_HITS 1000 /* hits one search returns */

/* Files */
#define SYNC_LIMIT_CONFIG_FILE (64 * 1024) /* bytes of the config file */
#define SYNC_LIMIT_KEY_FILE 4096           /* bytes of a key file */

/* Offline bundles (docs/PROTOCOL.md §15) */
#define SYNC_LIMIT_BUNDLE_BYTES (256 * 1024 * 1024) /* bytes of one file */
#define SYNC_LIMIT_BUNDLE_ENTRIES 100000            /* entries in one file */

/* Output */
/* Bytes of one JSON document written. */
#define SYNC_LIMIT_JSON_OUT (64 * 1024 * 1024)

#endif
