/* SPDX-License-Identifier: MIT */
/*
 * url: text made safe for URLs, by libcurl's escaper (peer.c is the one
 * module that touches libcurl).
 */
#ifndef SPONA_URL_H
#define SPONA_URL_H

/* text percent-encoded for a URL query value (RFC 3986 unreserved kept);
 * belongs to the caller. */
char *sync_url_escape(const char *text);

#endif
