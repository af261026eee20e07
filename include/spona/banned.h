/* SPDX-License-Identifier: MIT */
/*
 * banned: functions that invite overflows or silent failure. Included last
 * in every .c file of the project, so a use is a compile error.
 */
#ifndef SPONA_BANNED_H
#define SPONA_BANNED_H

#define SYNC_BANNED(f) sync_banned_function_##f##_use_snprintf_or_sync_buf

#undef strcpy
#define strcpy(a, b) SYNC_BANNED(strcpy)
#undef strcat
#define strcat(a, b) SYNC_BANNED(strcat)
#undef strncpy
#define strncpy(a, b, n) SYNC_BANNED(strncpy)
#undef strncat
#define strncat(a, b, n) SYNC_BANNED(strncat)
#undef sprintf
#define sprintf(...) SYNC_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) SYNC_BANNED(vsprintf)
#undef strtok
#define strtok(a, b) SYNC_BANNED(strtok)
#undef atoi
#define atoi(a) SYNC_BANNED(atoi)
#undef atol
#define atol(a) SYNC_BANNED(atol)
#undef gets
#define gets(a) SYNC_BANNED(gets)

#endif
