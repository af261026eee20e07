/* SPDX-License-Identifier: MIT */
/*
 * sig: every use of libsodium. Ed25519 device keys (the secret half lives in
 * sodium_malloc memory and is wiped on free), detached signatures with a
 * domain-separation prefix, BLAKE2b-256 hashes, random bytes, constant-time
 * comparison, and the one base64 variant of the project (URL-safe alphabet,
 * no padding) plus lowercase hex.
 */
#ifndef SPONA_SIG_H
#define SPONA_SIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spona/err.h"

#define SYNC_SIG_PK_LEN 32   /* Ed25519 public key */
#define SYNC_SIG_SEED_LEN 32 /* Ed25519 secret seed */
#define SYNC_SIG_LEN 64      /* Ed25519 signature */
#define SYNC_HASH_LEN 32     /* BLAKE2b-256 */
/* base64 length of n bytes without padding, plus NUL */
#define SYNC_B64_SIZE(n) (((n)*4 + 2) / 3 + 1)

/* An Ed25519 key pair. Opaque; made by _generate, _from_seed or _load. */
struct sync_key;

/* Initialises libsodium. SYNC_INTERNAL if it cannot be used. */
enum sync_rc sync_sig_global_init(struct sync_err *err) SYNC_MUST_CHECK;

/* Makes a new random key pair; *out belongs to the caller. */
void sync_key_generate(struct sync_key **out);
/* Derives the key pair of a 32-byte seed (tests, RFC 8032 vectors). */
void sync_key_from_seed(struct sync_key **out,
                        const uint8_t seed[SYNC_SIG_SEED_LEN]);
/* A copy of key (its own secure memory); *out belongs to the caller. */
void sync_key_copy(struct sync_key **out, const struct sync_key *key);
/* Wipes and frees a key; key may be NULL. */
void sync_key_free(struct sync_key *key);
/* The public half; borrowed, lives as long as key. */
const uint8_t *sync_key_public(const struct sync_key *key);

/*
 * Writes the secret seed to a new file at path with mode 0600. SYNC_EXISTS
 * when the file is already there (keys are never overwritten), SYNC_IO on
 * any other failure.
 */
enum sync_rc sync_key_save(const struct sync_key *key, const char *path,
                           struct sync_err *err) SYNC_MUST_CHECK;
/*
 * Reads a key file written by sync_key_save. SYNC_CONFLICT when the file is
 * readable by group or others, SYNC_INVALID when it is not a key file,
 * SYNC_IO when it cannot be read.
 */
enum sync_rc sync_key_load(struct sync_key **out, const char *path,
                           struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Writes the secret seed to a new file at path (mode 0600) sealed with a
 * passphrase: "spona-sealed-key-v1 " and base64 of salt (16), Argon2id
 * passes (8) and memory (8), nonce (24), secretbox of the seed (48).
 * Codes as sync_key_save; SYNC_NOMEM when Argon2id gets no memory.
 */
enum sync_rc sync_key_save_sealed(const struct sync_key *key, const char *path,
                                  const char *pass, size_t pass_len,
                                  struct sync_err *err) SYNC_MUST_CHECK;
/*
 * sync_key_load for a key file plain or sealed: a sealed one is opened
 * with pass (SYNC_INVALID when pass is NULL, SYNC_BADSIG when wrong).
 */
enum sync_rc sync_key_load_sealed(struct sync_key **out, const char *path,
                                  const char *pass, size_t pass_len,
                                  struct sync_err *err) SYNC_MUST_CHECK;
/* Whether the key file at path is sealed with a passphrase. */
bool sync_key_file_sealed(const char *path);

/* Signs domain || msg. domain is a NUL-terminated ASCII label; its bytes
 * and the terminating NUL are both signed ("" signs msg alone). */
void sync_sig_sign(uint8_t sig_out[SYNC_SIG_LEN], const struct sync_key *key,
                   const char *domain, const void *msg, size_t len);
/* Checks a signature made by sync_sig_sign. SYNC_BADSIG when it fails. */
enum sync_rc sync_sig_verify(const uint8_t sig[SYNC_SIG_LEN],
                             const uint8_t pk[SYNC_SIG_PK_LEN],
                             const char *domain, const void *msg,
                             size_t len) SYNC_MUST_CHECK;

/* Key rotation (PROTOCOL.md §14): both keys sign old key || new key. */
#define SYNC_ROTATE_DOMAIN "spona-rotate-v1"
/* signer's signature of the rotation from prev to key. */
void sync_rotate_sign(uint8_t sig[SYNC_SIG_LEN], const struct sync_key *signer,
                      const uint8_t *prev, const uint8_t *key);
/* Both signatures of a rotation, by prev and by key; SYNC_BADSIG when one
 * fails or the keys are the same. */
enum sync_rc sync_rotate_verify(const uint8_t *prev_sig, const uint8_t *key_sig,
                                const uint8_t *prev,
                                const uint8_t *key) SYNC_MUST_CHECK;

/* BLAKE2b-256 of a ‖ b (b may be NULL with blen 0). */
void sync_hash(uint8_t out[SYNC_HASH_LEN], const void *a, size_t alen,
               const void *b, size_t blen);

/* Fills buf with len cryptographically random bytes. */
void sync_random(void *buf, size_t len);
/* Constant-time equality of two byte strings of length len. */
bool sync_memeq(const void *a, const void *b, size_t len);
/* Wipes len bytes in a way the compiler keeps. */
void sync_memzero(void *p, size_t len);

/* base64 (URL-safe, no padding) of len bytes into out (size bytes,
 * at least SYNC_B64_SIZE(len)). */
void sync_b64_encode(char *out, size_t size, const void *bin, size_t len);
/*
 * Decodes base64 into out (at most max bytes) and stores the length in
 * len_out. SYNC_INVALID on bad characters, padding or trailing bytes;
 * SYNC_TOOBIG when the result would exceed max.
 */
enum sync_rc sync_b64_decode(void *out, size_t max, size_t *len_out,
                             const char *b64, size_t b64_len) SYNC_MUST_CHECK;
/* Length of a password hash string, its NUL included. */
#define SYNC_PWHASH_SIZE 128
/* Hashes a password with Argon2id (salted; the parameters are kept in the
 * string). SYNC_NOMEM when the memory it needs cannot be had. */
enum sync_rc sync_pw_hash(char out[SYNC_PWHASH_SIZE], const char *password,
                          struct sync_err *err) SYNC_MUST_CHECK;
/* Checks a password against a hash of sync_pw_hash: SYNC_OK when it
 * matches, SYNC_BADSIG when not (or the hash is damaged). */
enum sync_rc sync_pw_check(const char *hash,
                           const char *password) SYNC_MUST_CHECK;

/* BLAKE2b-256 over bytes given in pieces. Opaque. */
struct sync_hasher;
/* A new hasher; *out belongs to the caller until sync_hasher_final. */
void sync_hasher_new(struct sync_hasher **out);
/* Adds len bytes. */
void sync_hasher_update(struct sync_hasher *h, const void *p, size_t len);
/* The hash of every byte added; frees h. */
void sync_hasher_final(struct sync_hasher *h, uint8_t out[SYNC_HASH_LEN]);

/* Sealing with a passphrase: a key derived with Argon2id (libsodium's
 * crypto_pwhash, ARGON2ID13) and XSalsa20-Poly1305 (crypto_secretbox). */
#define SYNC_SEAL_SALT_LEN 16   /* Argon2id salt */
#define SYNC_SEAL_KEY_LEN 32    /* derived key */
#define SYNC_SEAL_NONCE_LEN 24  /* secretbox nonce */
#define SYNC_SEAL_MAC_LEN 16    /* secretbox tag, before the ciphertext */
#define SYNC_SEAL_OPSLIMIT 3ULL /* Argon2id passes */
#define SYNC_SEAL_MEMLIMIT (64ULL * 1024 * 1024)      /* Argon2id memory */
#define SYNC_SEAL_OPSLIMIT_MAX 16ULL                  /* read from a file */
#define SYNC_SEAL_MEMLIMIT_MAX (256ULL * 1024 * 1024) /* 4 x the default */
/*
 * Derives the sealing key of a passphrase and salt with ops passes over
 * mem bytes. SYNC_INVALID for parameters out of libsodium's range or over
 * the _MAX above; SYNC_NOMEM when the memory cannot be had.
 */
enum sync_rc sync_seal_key(uint8_t key[SYNC_SEAL_KEY_LEN], const char *pass,
                           size_t pass_len,
                           const uint8_t salt[SYNC_SEAL_SALT_LEN], uint64_t ops,
                           uint64_t mem, struct sync_err *err) SYNC_MUST_CHECK;
/* Seals len bytes of msg into out (SYNC_SEAL_MAC_LEN + len bytes). */
void sync_seal(uint8_t *out, const void *msg, size_t len,
               const uint8_t nonce[SYNC_SEAL_NONCE_LEN],
               const uint8_t key[SYNC_SEAL_KEY_LEN]);
/* Opens clen bytes sealed by sync_seal into out (clen - MAC bytes).
 * SYNC_BADSIG when the key is wrong or a byte changed. */
enum sync_rc
sync_seal_open(uint8_t *out, const uint8_t *c, size_t clen,
               const uint8_t nonce[SYNC_SEAL_NONCE_LEN],
               const uint8_t key[SYNC_SEAL_KEY_LEN]) SYNC_MUST_CHECK;

/* Lowercase hex of len bytes into out (size >= 2 * len + 1). */
void sync_hex_encode(char *out, size_t size, const void *bin, size_t len);
/* Decodes exactly len bytes of hex; SYNC_INVALID otherwise. */
enum sync_rc sync_hex_decode(void *out, size_t len,
                             const char *hex) SYNC_MUST_CHECK;

#endif
