/* SPDX-License-Identifier: MIT */
/*
 * sig: the libsodium boundary. A libsodium failure becomes SYNC_BADSIG with
 * no detail. Secret keys never leave sodium_malloc memory except through
 * sync_key_save, and stack copies are wiped.
 */
#include "spona/sig.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "spona/limits.h"
#include "spona/mem.h"
#include "spona/num.h"

#include "spona/banned.h"

#define KEY_FILE_TAG "spona-secret-key-v1 "
#define SEALED_KEY_TAG "spona-sealed-key-v1 "
/* salt, passes, memory, nonce, then the sealed seed */
#define SEALED_KEY_LEN                                                         \
    (SYNC_SEAL_SALT_LEN + 16 + SYNC_SEAL_NONCE_LEN + SYNC_SEAL_MAC_LEN +       \
     crypto_sign_SEEDBYTES)

struct sync_key {
    uint8_t pk[crypto_sign_PUBLICKEYBYTES]; /* public half */
    uint8_t *sk; /* crypto_sign_SECRETKEYBYTES in sodium_malloc memory */
};

enum sync_rc sync_sig_global_init(struct sync_err *err)
{
    if (sodium_init() < 0)
        return sync_err_set(err, SYNC_INTERNAL, "cannot initialise libsodium");
    return SYNC_OK;
}

static struct sync_key *key_new(void)
{
    struct sync_key *key = sync_xcalloc(1, sizeof(*key));
    key->sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
    if (!key->sk) {
        fprintf(stderr, "spona: out of secure memory\n");
        abort();
    }
    return key;
}

void sync_key_generate(struct sync_key **out)
{
    struct sync_key *key = key_new();
    crypto_sign_keypair(key->pk, key->sk);
    *out = key;
}

void sync_key_from_seed(struct sync_key **out,
                        const uint8_t seed[SYNC_SIG_SEED_LEN])
{
    struct sync_key *key = key_new();
    crypto_sign_seed_keypair(key->pk, key->sk, seed);
    *out = key;
}

void sync_key_copy(struct sync_key **out, const struct sync_key *key)
{
    struct sync_key *copy = key_new();
    memcpy(copy->pk, key->pk, sizeof(copy->pk));
    memcpy(copy->sk, key->sk, crypto_sign_SECRETKEYBYTES);
    *out = copy;
}

void sync_key_free(struct sync_key *key)
{
    if (!key)
        return;
    sodium_free(key->sk);
    free(key);
}

const uint8_t *sync_key_public(const struct sync_key *key)
{
    return key->pk;
}

/* Writes text (len bytes) to a new key file at path, mode 0600. */
static enum sync_rc key_write(const char *path, const char *text, size_t len,
                              struct sync_err *err)
{
    enum sync_rc rc = SYNC_OK;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        return sync_err_set(err, errno == EEXIST ? SYNC_EXISTS : SYNC_IO,
                            "cannot create key file '%s': %s", path,
                            strerror(errno));
    }
    if (write(fd, text, len) != (ssize_t)len || fsync(fd) != 0) {
        rc = sync_err_set(err, SYNC_IO, "cannot write key file '%s': %s", path,
                          strerror(errno));
    }
    if (close(fd) != 0 && !rc)
        rc = sync_err_set(err, SYNC_IO, "cannot write key file '%s': %s", path,
                          strerror(errno));
    if (rc)
        unlink(path);
    return rc;
}

enum sync_rc sync_key_save(const struct sync_key *key, const char *path,
                           struct sync_err *err)
{
    uint8_t seed[crypto_sign_SEEDBYTES];
    char text[sizeof(KEY_FILE_TAG) + SYNC_B64_SIZE(sizeof(seed)) + 1];
    crypto_sign_ed25519_sk_to_seed(seed, key->sk);
    memcpy(text, KEY_FILE_TAG, sizeof(KEY_FILE_TAG) - 1);
    sync_b64_encode(text + sizeof(KEY_FILE_TAG) - 1,
                    sizeof(text) - sizeof(KEY_FILE_TAG), seed, sizeof(seed));
    size_t len = strlen(text);
    text[len++] = '\n';
    enum sync_rc rc = key_write(path, text, len, err);
    sodium_memzero(seed, sizeof(seed));
    sodium_memzero(text, sizeof(text));
    return rc;
}

enum sync_rc sync_key_save_sealed(const struct sync_key *key, const char *path,
                                  const char *pass, size_t pass_len,
                                  struct sync_err *err)
{
    uint8_t seed[crypto_sign_SEEDBYTES], box[SEALED_KEY_LEN];
    uint8_t k[SYNC_SEAL_KEY_LEN];
    char text[sizeof(SEALED_KEY_TAG) + SYNC_B64_SIZE(SEALED_KEY_LEN) + 1];
    uint8_t *salt = box, *nonce = box + SYNC_SEAL_SALT_LEN + 16;
    sync_random(salt, SYNC_SEAL_SALT_LEN);
    sync_be_put(box + SYNC_SEAL_SALT_LEN, SYNC_SEAL_OPSLIMIT, 8);
    sync_be_put(box + SYNC_SEAL_SALT_LEN + 8, SYNC_SEAL_MEMLIMIT, 8);
    sync_random(nonce, SYNC_SEAL_NONCE_LEN);
    enum sync_rc rc = sync_seal_key(k, pass, pass_len, salt, SYNC_SEAL_OPSLIMIT,
                                    SYNC_SEAL_MEMLIMIT, err);
    if (!rc) {
        crypto_sign_ed25519_sk_to_seed(seed, key->sk);
        sync_seal(nonce + SYNC_SEAL_NONCE_LEN, seed, sizeof(seed), nonce, k);
        memcpy(text, SEALED_KEY_TAG, sizeof(SEALED_KEY_TAG) - 1);
        sync_b64_encode(text + sizeof(SEALED_KEY_TAG) - 1,
                        sizeof(text) - sizeof(SEALED_KEY_TAG), box,
                        sizeof(box));
        size_t len = strlen(text);
        text[len++] = '\n';
        rc = key_write(path, text, len, err);
    }
    sodium_memzero(seed, sizeof(seed));
    sodium_memzero(k, sizeof(k));
    return rc;
}

static enum sync_rc key_read(int fd, const char *path, char *text, size_t size,
                             struct sync_err *err)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return sync_err_set(err, SYNC_IO, "cannot stat key file '%s': %s", path,
                            strerror(errno));
    if (st.st_mode & (S_IRWXG | S_IRWXO))
        return sync_err_set(err, SYNC_CONFLICT,
                            "key file '%s' is readable by others (mode %04o); "
                            "run chmod 600 on it",
                            path, (unsigned)(st.st_mode & 07777));
    ssize_t n = read(fd, text, size - 1);
    if (n < 0)
        return sync_err_set(err, SYNC_IO, "cannot read key file '%s': %s", path,
                            strerror(errno));
    text[n] = '\0';
    return SYNC_OK;
}

/* Opens the sealed seed of a key file's base64 body. */
static enum sync_rc open_sealed(uint8_t seed[crypto_sign_SEEDBYTES],
                                const char *b64, size_t len, const char *path,
                                const char *pass, size_t pass_len,
                                struct sync_err *err)
{
    uint8_t box[SEALED_KEY_LEN], k[SYNC_SEAL_KEY_LEN];
    size_t n = 0;
    const uint8_t *nonce = box + SYNC_SEAL_SALT_LEN + 16;
    if (sync_b64_decode(box, sizeof(box), &n, b64, len) || n != sizeof(box))
        return sync_err_set(err, SYNC_INVALID, "'%s' is not a spona key file",
                            path);
    if (!pass)
        return sync_err_set(err, SYNC_INVALID,
                            "key file '%s' is sealed: it needs its passphrase",
                            path);
    enum sync_rc rc = sync_seal_key(
        k, pass, pass_len, box, sync_be_get(box + SYNC_SEAL_SALT_LEN, 8),
        sync_be_get(box + SYNC_SEAL_SALT_LEN + 8, 8), err);
    if (!rc &&
        sync_seal_open(seed, nonce + SYNC_SEAL_NONCE_LEN,
                       SYNC_SEAL_MAC_LEN + crypto_sign_SEEDBYTES, nonce, k))
        rc = sync_err_set(err, SYNC_BADSIG,
                          "wrong passphrase for key file '%s'", path);
    sodium_memzero(k, sizeof(k));
    return rc;
}

enum sync_rc sync_key_load_sealed(struct sync_key **out, const char *path,
                                  const char *pass, size_t pass_len,
                                  struct sync_err *err)
{
    char text[SYNC_LIMIT_KEY_FILE];
    uint8_t seed[crypto_sign_SEEDBYTES];
    size_t seed_len = 0;

    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return sync_err_set(err, errno == ENOENT ? SYNC_NOTFOUND : SYNC_IO,
                            "cannot open key file '%s': %s", path,
                            strerror(errno));
    enum sync_rc rc = key_read(fd, path, text, sizeof(text), err);
    close(fd);
    if (rc)
        goto out;
    size_t len = strlen(text);
    while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
        len--;
    size_t tag = sizeof(KEY_FILE_TAG) - 1;
    size_t stag = sizeof(SEALED_KEY_TAG) - 1;
    if (len >= stag && memcmp(text, SEALED_KEY_TAG, stag) == 0) {
        rc = open_sealed(seed, text + stag, len - stag, path, pass, pass_len,
                         err);
        if (!rc)
            sync_key_from_seed(out, seed);
        goto out;
    }
    if (len < tag || memcmp(text, KEY_FILE_TAG, tag) != 0 ||
        sync_b64_decode(seed, sizeof(seed), &seed_len, text + tag, len - tag) ||
        seed_len != sizeof(seed)) {
        rc = sync_err_set(err, SYNC_INVALID, "'%s' is not a spona key file",
                          path);
        goto out;
    }
    sync_key_from_seed(out, seed);
out:
    sodium_memzero(seed, sizeof(seed));
    sodium_memzero(text, sizeof(text));
    return rc;
}

enum sync_rc sync_key_load(struct sync_key **out, const char *path,
                           struct sync_err *err)
{
    return sync_key_load_sealed(out, path, NULL, 0, err);
}

bool sync_key_file_sealed(const char *path)
{
    char head[sizeof(SEALED_KEY_TAG)];
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(head, 1, sizeof(head) - 1, f) : 0;
    if (f)
        fclose(f);
    return n == sizeof(head) - 1 &&
           memcmp(head, SEALED_KEY_TAG, sizeof(head) - 1) == 0;
}

/* Signing input domain || NUL || msg, on the stack when small. */
static uint8_t *sig_input(uint8_t *stack, size_t stack_size, const char *domain,
                          const void *msg, size_t len, size_t *total)
{
    size_t dlen = domain[0] ? strlen(domain) + 1 : 0;
    *total = dlen + len;
    uint8_t *in = *total <= stack_size ? stack : sync_xmalloc(*total);
    memcpy(in, domain, dlen);
    if (len)
        memcpy(in + dlen, msg, len);
    return in;
}

void sync_sig_sign(uint8_t sig_out[SYNC_SIG_LEN], const struct sync_key *key,
                   const char *domain, const void *msg, size_t len)
{
    uint8_t stack[512];
    size_t total;
    uint8_t *in = sig_input(stack, sizeof(stack), domain, msg, len, &total);
    crypto_sign_detached(sig_out, NULL, in, total, key->sk);
    if (in != stack)
        free(in);
}

enum sync_rc sync_sig_verify(const uint8_t sig[SYNC_SIG_LEN],
                             const uint8_t pk[SYNC_SIG_PK_LEN],
                             const char *domain, const void *msg, size_t len)
{
    uint8_t stack[512];
    size_t total;
    uint8_t *in = sig_input(stack, sizeof(stack), domain, msg, len, &total);
    int r = crypto_sign_verify_detached(sig, in, total, pk);
    if (in != stack)
        free(in);
    return r == 0 ? SYNC_OK : SYNC_BADSIG;
}

void sync_hash(uint8_t out[SYNC_HASH_LEN], const void *a, size_t alen,
               const void *b, size_t blen)
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, SYNC_HASH_LEN);
    crypto_generichash_update(&st, a, alen);
    if (blen)
        crypto_generichash_update(&st, b, blen);
    crypto_generichash_final(&st, out, SYNC_HASH_LEN);
}

void sync_random(void *buf, size_t len)
{
    randombytes_buf(buf, len);
}

bool sync_memeq(const void *a, const void *b, size_t len)
{
    return sodium_memcmp(a, b, len) == 0;
}

void sync_memzero(void *p, size_t len)
{
    sodium_memzero(p, len);
}

void sync_b64_encode(char *out, size_t size, const void *bin, size_t len)
{
    sodium_bin2base64(out, size, bin, len,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

enum sync_rc sync_b64_decode(void *out, size_t max, size_t *len_out,
                             const char *b64, size_t b64_len)
{
    const char *end = NULL;
    size_t n = 0;
    /* Unpadded: every 4 characters are 3 bytes, a tail of 2 or 3
     * characters is 1 or 2 bytes, a tail of 1 is malformed. */
    if (b64_len % 4 == 1)
        return SYNC_INVALID;
    size_t need = b64_len / 4 * 3 + (b64_len % 4 ? b64_len % 4 - 1 : 0);
    if (need > max)
        return SYNC_TOOBIG;
    if (sodium_base642bin(out, max, b64, b64_len, NULL, &n, &end,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return SYNC_INVALID;
    if (end != b64 + b64_len)
        return SYNC_INVALID;
    *len_out = n;
    return SYNC_OK;
}

void sync_hex_encode(char *out, size_t size, const void *bin, size_t len)
{
    sodium_bin2hex(out, size, bin, len);
}

enum sync_rc sync_hex_decode(void *out, size_t len, const char *hex)
{
    size_t n = 0;
    const char *end = NULL;
    if (strlen(hex) != len * 2)
        return SYNC_INVALID;
    if (sodium_hex2bin(out, len, hex, len * 2, NULL, &n, &end) != 0 ||
        n != len || *end)
        return SYNC_INVALID;
    return SYNC_OK;
}

/*
 * Argon2id with 2 passes over 19 MiB: the OWASP minimum for Argon2id, and
 * light enough for a small municipal machine that also serves pages. The
 * parameters are written into the hash, so raising them later keeps old
 * hashes valid.
 */
#define PW_OPSLIMIT 2ULL
#define PW_MEMLIMIT ((size_t)19 * 1024 * 1024)

_Static_assert(SYNC_PWHASH_SIZE >= crypto_pwhash_STRBYTES,
               "SYNC_PWHASH_SIZE too small");

enum sync_rc sync_pw_hash(char out[SYNC_PWHASH_SIZE], const char *password,
                          struct sync_err *err)
{
    if (crypto_pwhash_str(out, password, strlen(password), PW_OPSLIMIT,
                          PW_MEMLIMIT) != 0)
        return sync_err_set(err, SYNC_NOMEM,
                            "not enough memory to hash a "
                            "password");
    return SYNC_OK;
}

enum sync_rc sync_pw_check(const char *hash, const char *password)
{
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0
               ? SYNC_OK
               : SYNC_BADSIG;
}

/* ---- hashing in pieces, sealing with a passphrase ---- */

struct sync_hasher {
    crypto_generichash_state st; /* libsodium's BLAKE2b state */
};

void sync_hasher_new(struct sync_hasher **out)
{
    *out = sync_xmalloc(sizeof(**out));
    crypto_generichash_init(&(*out)->st, NULL, 0, SYNC_HASH_LEN);
}

void sync_hasher_update(struct sync_hasher *h, const void *p, size_t len)
{
    crypto_generichash_update(&h->st, p, len);
}

void sync_hasher_final(struct sync_hasher *h, uint8_t out[SYNC_HASH_LEN])
{
    crypto_generichash_final(&h->st, out, SYNC_HASH_LEN);
    free(h);
}

_Static_assert(SYNC_SEAL_SALT_LEN == crypto_pwhash_SALTBYTES, "salt");
_Static_assert(SYNC_SEAL_KEY_LEN == crypto_secretbox_KEYBYTES, "key");
_Static_assert(SYNC_SEAL_NONCE_LEN == crypto_secretbox_NONCEBYTES, "nonce");
_Static_assert(SYNC_SEAL_MAC_LEN == crypto_secretbox_MACBYTES, "mac");

enum sync_rc sync_seal_key(uint8_t key[SYNC_SEAL_KEY_LEN], const char *pass,
                           size_t pass_len,
                           const uint8_t salt[SYNC_SEAL_SALT_LEN], uint64_t ops,
                           uint64_t mem, struct sync_err *err)
{
    if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > SYNC_SEAL_OPSLIMIT_MAX ||
        mem < crypto_pwhash_MEMLIMIT_MIN || mem > SYNC_SEAL_MEMLIMIT_MAX)
        return sync_err_set(err, SYNC_INVALID,
                            "passphrase parameters out of range");
    if (crypto_pwhash(key, SYNC_SEAL_KEY_LEN, pass, pass_len, salt, ops,
                      (size_t)mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return sync_err_set(err, SYNC_NOMEM,
                            "not enough memory to derive a key from the "
                            "passphrase");
    return SYNC_OK;
}

void sync_seal(uint8_t *out, const void *msg, size_t len,
               const uint8_t nonce[SYNC_SEAL_NONCE_LEN],
               const uint8_t key[SYNC_SEAL_KEY_LEN])
{
    crypto_secretbox_easy(out, msg, len, nonce, key);
}

enum sync_rc sync_seal_open(uint8_t *out, const uint8_t *c, size_t clen,
                            const uint8_t nonce[SYNC_SEAL_NONCE_LEN],
                            const uint8_t key[SYNC_SEAL_KEY_LEN])
{
    if (clen < SYNC_SEAL_MAC_LEN ||
        crypto_secretbox_open_easy(out, c, clen, nonce, key) != 0)
        return SYNC_BADSIG;
    return SYNC_OK;
}
