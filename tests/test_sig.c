/* SPDX-License-Identifier: MIT */
/*
 * sig: RFC 8032 Ed25519 vectors and bit-flip negatives, domain separation,
 * key files, BLAKE2b-256, base64 and hex.
 */
#include "check.h"

#include <sys/stat.h>
#include <unistd.h>

#include "spona/sig.h"
#include "util.h"

/* RFC 8032 section 7.1: TEST 1, TEST 2, TEST 3 and TEST SHA(abc). */
struct vector {
    const char *name;
    const char *seed;
    const char *pk;
    const char *msg;
    const char *sig;
};

static const struct vector vectors[] = {
    {"TEST 1",
     "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
     "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"TEST 2",
     "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
     "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"TEST 3",
     "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
     "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
    {"TEST SHA(abc)",
     "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
     "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
     "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"},
};

#define N_VECTORS (sizeof(vectors) / sizeof(vectors[0]))

static void flip(uint8_t *p, size_t bit)
{
    p[bit / 8] = (uint8_t)(p[bit / 8] ^ (1u << (bit % 8)));
}

/* Counts the single-bit flips of one buffer that still verify. */
static int flips_that_verify(const uint8_t *sig, const uint8_t *pk,
                             const uint8_t *msg, size_t msg_len, int which)
{
    uint8_t s[SYNC_SIG_LEN];
    uint8_t k[SYNC_SIG_PK_LEN];
    uint8_t m[64];
    size_t len = which == 0 ? sizeof(s) : which == 1 ? sizeof(k) : msg_len;
    uint8_t *target = which == 0 ? s : which == 1 ? k : m;
    int bad = 0;
    for (size_t bit = 0; bit < len * 8; bit++) {
        memcpy(s, sig, sizeof(s));
        memcpy(k, pk, sizeof(k));
        memcpy(m, msg, msg_len);
        flip(target, bit);
        if (sync_sig_verify(s, k, "", m, msg_len) != SYNC_BADSIG)
            bad++;
    }
    return bad;
}

static void test_rfc8032(void)
{
    for (size_t i = 0; i < N_VECTORS; i++) {
        const struct vector *v = &vectors[i];
        uint8_t seed[SYNC_SIG_SEED_LEN];
        uint8_t pk[SYNC_SIG_PK_LEN];
        uint8_t want[SYNC_SIG_LEN];
        uint8_t sig[SYNC_SIG_LEN];
        uint8_t msg[64];
        size_t msg_len = strlen(v->msg) / 2;
        struct sync_key *key = NULL;

        CHECK_RC(SYNC_OK, sync_hex_decode(seed, sizeof(seed), v->seed));
        CHECK_RC(SYNC_OK, sync_hex_decode(pk, sizeof(pk), v->pk));
        CHECK_RC(SYNC_OK, sync_hex_decode(want, sizeof(want), v->sig));
        CHECK(msg_len <= sizeof(msg));
        CHECK_RC(SYNC_OK, sync_hex_decode(msg, msg_len, v->msg));

        sync_key_from_seed(&key, seed);
        CHECK_MEM(pk, sync_key_public(key), sizeof(pk));
        sync_sig_sign(sig, key, "", msg, msg_len);
        CHECK_MEM(want, sig, sizeof(sig));
        if (memcmp(want, sig, sizeof(sig)) != 0)
            fprintf(stderr, "    vector %s\n", v->name);
        CHECK_RC(SYNC_OK, sync_sig_verify(want, pk, "", msg, msg_len));

        /* Any flipped bit of signature, key or message must fail. */
        CHECK(flips_that_verify(want, pk, msg, msg_len, 0) == 0);
        CHECK(flips_that_verify(want, pk, msg, msg_len, 1) == 0);
        CHECK(flips_that_verify(want, pk, msg, msg_len, 2) == 0);
        /* So must a message one byte shorter or longer. */
        if (msg_len > 0)
            CHECK_RC(SYNC_BADSIG,
                     sync_sig_verify(want, pk, "", msg, msg_len - 1));
        if (msg_len < sizeof(msg)) {
            msg[msg_len] = 0;
            CHECK_RC(SYNC_BADSIG,
                     sync_sig_verify(want, pk, "", msg, msg_len + 1));
        }
        /* A non-empty domain signs something else. */
        CHECK_RC(SYNC_BADSIG, sync_sig_verify(want, pk, "x", msg, msg_len));
        sync_key_free(key);
    }
}

static void test_domain(void)
{
    uint8_t seed[SYNC_SIG_SEED_LEN];
    uint8_t sig[SYNC_SIG_LEN];
    uint8_t sig2[SYNC_SIG_LEN];
    struct sync_key *key = NULL;
    memset(seed, 7, sizeof(seed));
    sync_key_from_seed(&key, seed);
    const uint8_t *pk = sync_key_public(key);

    sync_sig_sign(sig, key, "a", "hello", 5);
    CHECK_RC(SYNC_OK, sync_sig_verify(sig, pk, "a", "hello", 5));
    CHECK_RC(SYNC_BADSIG, sync_sig_verify(sig, pk, "b", "hello", 5));
    CHECK_RC(SYNC_BADSIG, sync_sig_verify(sig, pk, "", "hello", 5));
    CHECK_RC(SYNC_BADSIG, sync_sig_verify(sig, pk, "ab", "hello", 5));

    /* The NUL after the domain keeps "a"+"bc" apart from "ab"+"c". */
    sync_sig_sign(sig, key, "a", "bc", 2);
    CHECK_RC(SYNC_BADSIG, sync_sig_verify(sig, pk, "ab", "c", 1));
    /* What is signed is exactly domain, NUL, message. */
    CHECK_RC(SYNC_OK, sync_sig_verify(sig, pk, "", "a\0bc", 4));
    CHECK_RC(SYNC_BADSIG, sync_sig_verify(sig, pk, "", "abc", 3));
    CHECK_RC(SYNC_OK, sync_sig_verify(sig, pk, "a", "bc", 2));

    /* Signing with "" is signing the message alone: plain Ed25519. */
    sync_sig_sign(sig, key, "", "abc", 3);
    sync_sig_sign(sig2, key, "", "abc", 3);
    CHECK_MEM(sig, sig2, sizeof(sig));
    sync_sig_sign(sig2, key, "a", "abc", 3);
    CHECK(memcmp(sig, sig2, sizeof(sig)) != 0);

    /* An empty message, and one larger than the stack buffer. */
    sync_sig_sign(sig, key, "spona-entry-v1", NULL, 0);
    CHECK_RC(SYNC_OK, sync_sig_verify(sig, pk, "spona-entry-v1", NULL, 0));
    CHECK_RC(SYNC_BADSIG, sync_sig_verify(sig, pk, "spona-entry-v2", NULL, 0));
    uint8_t *big = calloc(1, 5000);
    CHECK(big != NULL);
    if (big) {
        big[4999] = 1;
        sync_sig_sign(sig, key, "d", big, 5000);
        CHECK_RC(SYNC_OK, sync_sig_verify(sig, pk, "d", big, 5000));
        big[4999] = 0;
        CHECK_RC(SYNC_BADSIG, sync_sig_verify(sig, pk, "d", big, 5000));
        free(big);
    }

    /* Another key's public half does not verify. */
    struct sync_key *other = NULL;
    sync_key_generate(&other);
    sync_sig_sign(sig, key, "a", "m", 1);
    CHECK_RC(SYNC_BADSIG,
             sync_sig_verify(sig, sync_key_public(other), "a", "m", 1));
    CHECK(memcmp(sync_key_public(other), pk, SYNC_SIG_PK_LEN) != 0);
    sync_key_free(other);
    sync_key_free(key);
    sync_key_free(NULL);
}

static int write_file(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    size_t len = strlen(text);
    int ok = fwrite(text, 1, len, f) == len;
    if (fclose(f) != 0)
        ok = 0;
    return ok && chmod(path, mode) == 0 ? 0 : -1;
}

static void test_key_file(void)
{
    const char *dir = test_tmpdir();
    char path[256];
    struct sync_key *key = NULL;
    struct sync_key *loaded = NULL;
    struct sync_err err;
    struct stat st;
    test_path(path, sizeof(path), dir, "node.key");

    sync_key_generate(&key);
    sync_err_init(&err);
    CHECK_RC(SYNC_OK, sync_key_save(key, path, &err));
    CHECK_RC(SYNC_OK, err.rc);
    CHECK(stat(path, &st) == 0);
    CHECK((st.st_mode & 07777) == 0600);

    /* Keys are never overwritten. */
    CHECK_RC(SYNC_EXISTS, sync_key_save(key, path, &err));
    CHECK_RC(SYNC_EXISTS, err.rc);
    CHECK(strstr(err.msg, path) != NULL);

    CHECK_RC(SYNC_OK, sync_key_load(&loaded, path, NULL));
    if (loaded) {
        uint8_t sig[SYNC_SIG_LEN];
        CHECK_MEM(sync_key_public(key), sync_key_public(loaded),
                  SYNC_SIG_PK_LEN);
        /* The loaded secret signs like the original. */
        sync_sig_sign(sig, loaded, "k", "m", 1);
        CHECK_RC(SYNC_OK,
                 sync_sig_verify(sig, sync_key_public(key), "k", "m", 1));
        sync_key_free(loaded);
        loaded = NULL;
    }

    /* Readable by group or others: refused. */
    CHECK(chmod(path, 0640) == 0);
    sync_err_init(&err);
    CHECK_RC(SYNC_CONFLICT, sync_key_load(&loaded, path, &err));
    CHECK_RC(SYNC_CONFLICT, err.rc);
    CHECK(strstr(err.msg, path) != NULL);
    CHECK(chmod(path, 0604) == 0);
    CHECK_RC(SYNC_CONFLICT, sync_key_load(&loaded, path, NULL));
    CHECK(chmod(path, 0620) == 0);
    CHECK_RC(SYNC_CONFLICT, sync_key_load(&loaded, path, NULL));
    CHECK(chmod(path, 0400) == 0);
    CHECK_RC(SYNC_OK, sync_key_load(&loaded, path, NULL));
    sync_key_free(loaded);
    loaded = NULL;

    /* Missing file. */
    test_path(path, sizeof(path), dir, "missing.key");
    CHECK_RC(SYNC_NOTFOUND, sync_key_load(&loaded, path, NULL));

    /* Not a key file. */
    char a43[44];
    char wrong[5][80];
    memset(a43, 'A', 43);
    a43[43] = '\0';
    snprintf(wrong[0], sizeof(wrong[0]), "spona-secret-key-v1 %s", a43);
    snprintf(wrong[1], sizeof(wrong[1]), "spona-secret-key-v1 %sA\n", a43);
    snprintf(wrong[2], sizeof(wrong[2]), "spona-secret-key-v1 %.42s+\n", a43);
    snprintf(wrong[3], sizeof(wrong[3]), "spona-secret-key-v1 %.42s\n", a43);
    snprintf(wrong[4], sizeof(wrong[4]), "spona-secret-key-v2 %s\n", a43);
    const char *const garbage[] = {
        "",
        "hello world\n",
        "spona-secret-key-v1 \n",
        "spona-secret-key-v1 AAAA\n",
        "spona-secret-key-v1\n",
        wrong[1], /* 44 characters: more than 32 bytes */
        wrong[2], /* standard alphabet */
        wrong[3], /* 42 characters: 31 bytes */
        wrong[4], /* another tag */
    };
    for (size_t i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
        char name[32];
        snprintf(name, sizeof(name), "garbage%zu.key", i);
        test_path(path, sizeof(path), dir, name);
        CHECK(write_file(path, garbage[i], 0600) == 0);
        sync_err_init(&err);
        CHECK_RC(SYNC_INVALID, sync_key_load(&loaded, path, &err));
        CHECK_RC(SYNC_INVALID, err.rc);
        CHECK(strstr(err.msg, path) != NULL);
        CHECK(loaded == NULL);
    }
    /* A hand-made file in the right format loads (seed of 32 zeros), with
     * or without the final newline. */
    test_path(path, sizeof(path), dir, "zero.key");
    CHECK(write_file(path, wrong[0], 0600) == 0);
    CHECK_RC(SYNC_OK, sync_key_load(&loaded, path, NULL));
    if (loaded) {
        uint8_t zero[SYNC_SIG_SEED_LEN] = {0};
        struct sync_key *want = NULL;
        sync_key_from_seed(&want, zero);
        CHECK_MEM(sync_key_public(want), sync_key_public(loaded),
                  SYNC_SIG_PK_LEN);
        sync_key_free(want);
        sync_key_free(loaded);
    }
    sync_key_free(key);
}

/* A sealed key file: opens with its passphrase only, keeps the key, shows
 * no seed, and a changed byte anywhere in it is refused. */
static void test_sealed_key(void)
{
    const char *dir = test_tmpdir();
    static const char pass[] = "jedna duga lozinka";
    char path[256], text[512];
    struct sync_key *key = NULL, *loaded = NULL;
    struct sync_err err;
    struct stat st;
    test_path(path, sizeof(path), dir, "sealed.key");
    sync_key_generate(&key);
    sync_err_init(&err);
    CHECK_RC(SYNC_OK,
             sync_key_save_sealed(key, path, pass, strlen(pass), &err));
    CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600);
    CHECK(sync_key_file_sealed(path));
    CHECK_RC(SYNC_EXISTS,
             sync_key_save_sealed(key, path, pass, strlen(pass), NULL));

    /* Without a passphrase, or with a wrong one: no key. */
    sync_err_init(&err);
    CHECK_RC(SYNC_INVALID, sync_key_load(&loaded, path, &err));
    CHECK(strstr(err.msg, "passphrase") != NULL);
    CHECK(loaded == NULL);
    sync_err_init(&err);
    CHECK_RC(SYNC_BADSIG,
             sync_key_load_sealed(&loaded, path, "jedna duga lozinkA",
                                  strlen(pass), &err));
    CHECK(strstr(err.msg, "wrong passphrase") != NULL);
    CHECK(loaded == NULL);
    CHECK_RC(SYNC_BADSIG,
             sync_key_load_sealed(&loaded, path, pass, strlen(pass) - 1, NULL));

    CHECK_RC(SYNC_OK,
             sync_key_load_sealed(&loaded, path, pass, strlen(pass), NULL));
    if (loaded) {
        struct sync_key *copy = NULL;
        uint8_t sig[SYNC_SIG_LEN];
        sync_key_copy(&copy, loaded);
        CHECK_MEM(sync_key_public(key), sync_key_public(copy), SYNC_SIG_PK_LEN);
        sync_key_free(loaded);
        loaded = NULL;
        sync_sig_sign(sig, copy, "k", "m", 1);
        CHECK_RC(SYNC_OK,
                 sync_sig_verify(sig, sync_key_public(key), "k", "m", 1));
        sync_key_free(copy);
    }
    /* A plain key file is not sealed and opens with any passphrase. */
    char plain[256];
    test_path(plain, sizeof(plain), dir, "plain.key");
    CHECK_RC(SYNC_OK, sync_key_save(key, plain, NULL));
    CHECK(!sync_key_file_sealed(plain));
    CHECK_RC(SYNC_OK, sync_key_load_sealed(&loaded, plain, "x", 1, NULL));
    sync_key_free(loaded);
    loaded = NULL;

    /* Every character of the file changed in turn: never the key. */
    FILE *f = fopen(path, "r");
    size_t len = f ? fread(text, 1, sizeof(text) - 1, f) : 0;
    if (f)
        fclose(f);
    CHECK(len > 100);
    char bad[256];
    test_path(bad, sizeof(bad), dir, "bad.key");
    for (size_t i = 0; i + 1 < len; i += 11) { /* Argon2id is slow */
        char copy[512];
        memcpy(copy, text, len);
        copy[len] = '\0';
        copy[i] = copy[i] == 'A' ? 'B' : 'A';
        unlink(bad);
        CHECK(write_file(bad, copy, 0600) == 0);
        enum sync_rc rc =
            sync_key_load_sealed(&loaded, bad, pass, strlen(pass), NULL);
        CHECK(rc != SYNC_OK);
        CHECK(loaded == NULL);
    }
    /* Argon2id parameters past the named maximum are refused, not run. */
    uint8_t box[128];
    size_t n = 0;
    const char *b64 = text + strlen("spona-sealed-key-v1 ");
    CHECK(!sync_b64_decode(box, sizeof(box), &n, b64, strcspn(b64, "\n")));
    box[SYNC_SEAL_SALT_LEN + 8] = 0xff; /* memory: 2^63 and more */
    char huge[512] = "spona-sealed-key-v1 ";
    sync_b64_encode(huge + strlen(huge), sizeof(huge) - strlen(huge), box, n);
    unlink(bad);
    CHECK(write_file(bad, huge, 0600) == 0);
    CHECK_RC(SYNC_INVALID,
             sync_key_load_sealed(&loaded, bad, pass, strlen(pass), NULL));
    sync_key_free(key);
}

static void test_hash(void)
{
    static const char *const empty =
        "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8";
    static const char *const abc =
        "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319";
    uint8_t h[SYNC_HASH_LEN];
    uint8_t h2[SYNC_HASH_LEN];
    char hex[2 * SYNC_HASH_LEN + 1];

    sync_hash(h, "", 0, NULL, 0);
    sync_hex_encode(hex, sizeof(hex), h, sizeof(h));
    CHECK_STR(empty, hex);
    sync_hash(h, "abc", 3, NULL, 0);
    sync_hex_encode(hex, sizeof(hex), h, sizeof(h));
    CHECK_STR(abc, hex);

    /* sync_hash(a, b) is the hash of a then b, however the input splits. */
    static const char abc_text[] = "abc";
    for (size_t cut = 0; cut <= 3; cut++) {
        sync_hash(h2, abc_text, cut, &abc_text[cut], 3 - cut);
        CHECK_MEM(h, h2, sizeof(h));
    }
    const char *text = "the quick brown fox jumps over the lazy dog";
    size_t len = strlen(text);
    sync_hash(h, text, len, NULL, 0);
    for (size_t cut = 0; cut <= len; cut++) {
        sync_hash(h2, text, cut, text + cut, len - cut);
        CHECK_MEM(h, h2, sizeof(h));
    }
    sync_hash(h2, text, len - 1, NULL, 0);
    CHECK(memcmp(h, h2, sizeof(h)) != 0);
}

static void test_memeq(void)
{
    uint8_t a[40];
    uint8_t b[40];
    memset(a, 0x5a, sizeof(a));
    memcpy(b, a, sizeof(b));
    CHECK(sync_memeq(a, b, sizeof(a)));
    b[39] ^= 1;
    CHECK(!sync_memeq(a, b, sizeof(a)));
    CHECK(sync_memeq(a, b, 39));
    sync_memzero(a, sizeof(a));
    for (size_t i = 0; i < sizeof(a); i++)
        CHECK(a[i] == 0);

    /* Random bytes are not all the same from call to call. */
    sync_random(a, sizeof(a));
    sync_random(b, sizeof(b));
    CHECK(!sync_memeq(a, b, sizeof(a)));
}

static void test_b64(void)
{
    uint8_t bin[64];
    uint8_t back[64];
    char text[SYNC_B64_SIZE(64)];
    size_t n = 99;

    for (size_t i = 0; i < sizeof(bin); i++)
        bin[i] = (uint8_t)(i * 37 + 11);
    for (size_t len = 0; len <= sizeof(bin); len++) {
        sync_b64_encode(text, sizeof(text), bin, len);
        CHECK(strlen(text) == SYNC_B64_SIZE(len) - 1);
        CHECK(strchr(text, '=') == NULL);
        CHECK(strchr(text, '+') == NULL);
        CHECK(strchr(text, '/') == NULL);
        n = 99;
        CHECK_RC(SYNC_OK,
                 sync_b64_decode(back, sizeof(back), &n, text, strlen(text)));
        CHECK(n == len);
        CHECK_MEM(bin, back, len);
        /* Exactly enough room is enough. */
        CHECK_RC(SYNC_OK, sync_b64_decode(back, len, &n, text, strlen(text)));
    }

    /* Known answers, including both URL-safe characters. */
    sync_b64_encode(text, sizeof(text), "\xfb\xff", 2);
    CHECK_STR("-_8", text);
    sync_b64_encode(text, sizeof(text), "hello", 5);
    CHECK_STR("aGVsbG8", text);
    sync_b64_encode(text, sizeof(text), "", 0);
    CHECK_STR("", text);
    CHECK_RC(SYNC_OK, sync_b64_decode(back, sizeof(back), &n, "-_8", 3));
    CHECK(n == 2);
    CHECK_MEM("\xfb\xff", back, 2);

    static const char *const bad[] = {
        "+/8",       /* standard alphabet */
        "aGVsbG8=",  /* padding */
        "aGVsbG8==", /* padding */
        "aGVs bG8",  /* blank */
        "aGVsbG8\n", /* trailing newline */
        "a",         /* impossible length */
        "aGVsb",     /* impossible length */
        "aGV*bG8",   /* not base64 */
        "aGVsbG8.",  /* trailing junk */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK_RC(SYNC_INVALID, sync_b64_decode(back, sizeof(back), &n, bad[i],
                                               strlen(bad[i])));
    /* Only b64_len bytes are read. */
    CHECK_RC(SYNC_OK, sync_b64_decode(back, sizeof(back), &n, "aGVsbG8!!", 7));
    CHECK(n == 5);
    CHECK_MEM("hello", back, 5);

    /* Results longer than max: SYNC_TOOBIG. */
    sync_b64_encode(text, sizeof(text), bin, 33);
    CHECK_RC(SYNC_TOOBIG, sync_b64_decode(back, 32, &n, text, strlen(text)));
    sync_b64_encode(text, sizeof(text), bin, 64);
    CHECK_RC(SYNC_TOOBIG, sync_b64_decode(back, 16, &n, text, strlen(text)));
    /* ...also when it is over by less than a 4-character group. */
    sync_b64_encode(text, sizeof(text), bin, 32);
    CHECK_RC(SYNC_TOOBIG, sync_b64_decode(back, 31, &n, text, strlen(text)));
    sync_b64_encode(text, sizeof(text), bin, 4);
    CHECK_RC(SYNC_TOOBIG, sync_b64_decode(back, 3, &n, text, strlen(text)));
}

static void test_hex(void)
{
    uint8_t bin[32];
    uint8_t back[32];
    char hex[2 * 32 + 1];
    for (size_t i = 0; i < sizeof(bin); i++)
        bin[i] = (uint8_t)(255 - i * 7);
    for (size_t len = 0; len <= sizeof(bin); len++) {
        sync_hex_encode(hex, sizeof(hex), bin, len);
        CHECK(strlen(hex) == 2 * len);
        CHECK(strspn(hex, "0123456789abcdef") == 2 * len);
        CHECK_RC(SYNC_OK, sync_hex_decode(back, len, hex));
        CHECK_MEM(bin, back, len);
    }
    sync_hex_encode(hex, sizeof(hex), "\x00\x9f\xff", 3);
    CHECK_STR("009fff", hex);
    CHECK_RC(SYNC_OK, sync_hex_decode(back, 3, "009FfF"));
    CHECK_MEM("\x00\x9f\xff", back, 3);

    CHECK_RC(SYNC_INVALID, sync_hex_decode(back, 3, "009ff"));   /* short */
    CHECK_RC(SYNC_INVALID, sync_hex_decode(back, 3, "009fff0")); /* long */
    CHECK_RC(SYNC_INVALID, sync_hex_decode(back, 3, "009fff00"));
    CHECK_RC(SYNC_INVALID, sync_hex_decode(back, 3, "009fgf")); /* not hex */
    CHECK_RC(SYNC_INVALID, sync_hex_decode(back, 3, "009f f"));
    CHECK_RC(SYNC_INVALID, sync_hex_decode(back, 3, "0x9fff"));
    CHECK_RC(SYNC_INVALID, sync_hex_decode(back, 3, "009ff:"));
    CHECK_RC(SYNC_INVALID, sync_hex_decode(back, 1, ""));
    CHECK_RC(SYNC_OK, sync_hex_decode(back, 0, ""));
}

static void test_password(void)
{
    char h1[SYNC_PWHASH_SIZE], h2[SYNC_PWHASH_SIZE];
    struct sync_err err;
    sync_err_init(&err);
    CHECK_RC(SYNC_OK, sync_pw_hash(h1, "Mostar 1566!", &err));
    CHECK_RC(SYNC_OK, sync_pw_hash(h2, "Mostar 1566!", &err));
    CHECK(strncmp(h1, "$argon2id$", 10) == 0);
    CHECK(strcmp(h1, h2) != 0); /* salted */
    CHECK_RC(SYNC_OK, sync_pw_check(h1, "Mostar 1566!"));
    CHECK_RC(SYNC_OK, sync_pw_check(h2, "Mostar 1566!"));
    CHECK_RC(SYNC_BADSIG, sync_pw_check(h1, "Mostar 1566"));
    CHECK_RC(SYNC_BADSIG, sync_pw_check(h1, ""));
    h1[strlen(h1) - 2] ^= 1; /* a damaged hash never matches */
    CHECK_RC(SYNC_BADSIG, sync_pw_check(h1, "Mostar 1566!"));
    CHECK_RC(SYNC_BADSIG, sync_pw_check("plain", "plain"));
}

int main(void)
{
    struct sync_err err;
    sync_err_init(&err);
    if (sync_sig_global_init(&err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    RUN(test_rfc8032);
    RUN(test_domain);
    RUN(test_key_file);
    RUN(test_sealed_key);
    RUN(test_hash);
    RUN(test_memeq);
    RUN(test_b64);
    RUN(test_hex);
    RUN(test_password);
    return CHECK_DONE();
}
