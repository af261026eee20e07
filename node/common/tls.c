/* SPDX-License-Identifier: MIT */
/*
 * tls: the hub's TLS certificate, with GnuTLS (the library libmicrohttpd
 * serves TLS with). Makes a self-signed ECDSA P-256 certificate when the
 * operator brings none, and computes the SPKI pin members check with
 * CURLOPT_PINNEDPUBLICKEY: "sha256//" + base64(SHA-256(SubjectPublicKeyInfo
 * in DER)).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "spona/mem.h"
#include "common/node.h"

#include "spona/banned.h"

#define TLS_FILE_MAX (64 * 1024) /* bytes of a PEM file we read */

static enum sync_rc tls_err(struct sync_err *err, const char *what, int r)
{
    return sync_err_set(err, SYNC_INTERNAL, "%s: %s", what, gnutls_strerror(r));
}

static enum sync_rc write_new(const char *path, const gnutls_datum_t *d,
                              mode_t mode, struct sync_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);
    if (fd < 0)
        return sync_err_set(err, errno == EEXIST ? SYNC_EXISTS : SYNC_IO,
                            "cannot create '%s': %s", path, strerror(errno));
    bool bad =
        write(fd, d->data, d->size) != (ssize_t)d->size || fsync(fd) != 0;
    bad |= close(fd) != 0;
    if (bad) {
        unlink(path);
        return sync_err_set(err, SYNC_IO, "cannot write '%s'", path);
    }
    return SYNC_OK;
}

static enum sync_rc pin_of(gnutls_x509_crt_t crt, char *pin, size_t size,
                           struct sync_err *err)
{
    gnutls_pubkey_t pk = NULL;
    gnutls_datum_t der = {0}, b64 = {0};
    unsigned char hash[32];
    enum sync_rc rc = SYNC_OK;
    int r = gnutls_pubkey_init(&pk);
    if (!r)
        r = gnutls_pubkey_import_x509(pk, crt, 0);
    if (!r)
        r = gnutls_pubkey_export2(pk, GNUTLS_X509_FMT_DER, &der);
    if (!r)
        r = gnutls_hash_fast(GNUTLS_DIG_SHA256, der.data, der.size, hash);
    gnutls_datum_t h = {hash, sizeof(hash)};
    if (!r)
        r = gnutls_base64_encode2(&h, &b64);
    if (r)
        rc = tls_err(err, "cannot compute the certificate pin", r);
    else
        snprintf(pin, size, "sha256//%.*s", (int)b64.size, b64.data);
    gnutls_free(der.data);
    gnutls_free(b64.data);
    gnutls_pubkey_deinit(pk);
    return rc;
}

static int make_cert(gnutls_x509_crt_t crt, gnutls_x509_privkey_t key,
                     const char *cn)
{
    unsigned char serial[16];
    unsigned char loopback[4] = {127, 0, 0, 1};
    time_t now = time(NULL);
    int r = gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof(serial));
    serial[0] &= 0x7f; /* a positive integer */
    if (!r)
        r = gnutls_x509_privkey_generate(
            key, GNUTLS_PK_ECDSA,
            GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0);
    if (!r)
        r = gnutls_x509_crt_set_version(crt, 3);
    if (!r)
        r = gnutls_x509_crt_set_serial(crt, serial, sizeof(serial));
    if (!r)
        r = gnutls_x509_crt_set_activation_time(crt, now - 3600);
    if (!r)
        r = gnutls_x509_crt_set_expiration_time(crt,
                                                now + 20L * 365 * 24 * 3600);
    if (!r)
        r = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                          cn, (unsigned)strlen(cn));
    if (!r)
        r = gnutls_x509_crt_set_key(crt, key);
    if (!r)
        r = gnutls_x509_crt_set_subject_alt_name(
            crt, GNUTLS_SAN_DNSNAME, "localhost", 9, GNUTLS_FSAN_SET);
    if (!r)
        r = gnutls_x509_crt_set_subject_alt_name(
            crt, GNUTLS_SAN_IPADDRESS, loopback, 4, GNUTLS_FSAN_APPEND);
    if (!r)
        r = gnutls_x509_crt_set_basic_constraints(crt, 0, -1);
    if (!r)
        r = gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE);
    if (!r)
        r = gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER,
                                                0);
    if (!r)
        r = gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0);
    return r;
}

enum sync_rc node_tls_make(const char *cert_path, const char *key_path,
                           const char *cn, char *pin, size_t pin_size,
                           struct sync_err *err)
{
    gnutls_x509_crt_t crt = NULL;
    gnutls_x509_privkey_t key = NULL;
    gnutls_datum_t c = {0}, k = {0};
    enum sync_rc rc = SYNC_OK;
    int r = gnutls_x509_crt_init(&crt);
    if (!r)
        r = gnutls_x509_privkey_init(&key);
    if (!r)
        r = make_cert(crt, key, cn);
    if (!r)
        r = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &c);
    if (!r)
        r = gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &k);
    if (r)
        rc = tls_err(err, "cannot make a TLS certificate", r);
    if (!rc)
        rc = write_new(key_path, &k, 0600, err);
    if (!rc && (rc = write_new(cert_path, &c, 0644, err)))
        unlink(key_path);
    if (!rc)
        rc = pin_of(crt, pin, pin_size, err);
    if (k.data)
        gnutls_memset(k.data, 0, k.size);
    gnutls_free(k.data);
    gnutls_free(c.data);
    gnutls_x509_privkey_deinit(key);
    gnutls_x509_crt_deinit(crt);
    return rc;
}

enum sync_rc node_tls_read(const char *path, char **out, struct sync_err *err)
{
    struct stat sb;
    FILE *f = fopen(path, "rb");
    if (!f || fstat(fileno(f), &sb) != 0) {
        if (f)
            fclose(f);
        return sync_err_set(err, SYNC_IO, "cannot read '%s': %s", path,
                            strerror(errno));
    }
    if (sb.st_size > TLS_FILE_MAX) {
        fclose(f);
        return sync_err_set(err, SYNC_TOOBIG, "'%s' is over %d bytes", path,
                            TLS_FILE_MAX);
    }
    *out = sync_xmalloc((size_t)sb.st_size + 1);
    size_t n = fread(*out, 1, (size_t)sb.st_size, f);
    (*out)[n] = '\0';
    fclose(f);
    return SYNC_OK;
}

enum sync_rc node_tls_pin(const char *cert_path, char *pin, size_t pin_size,
                          struct sync_err *err)
{
    char *pem = NULL;
    gnutls_x509_crt_t crt = NULL;
    enum sync_rc rc = node_tls_read(cert_path, &pem, err);
    if (rc)
        return rc;
    gnutls_datum_t d = {(unsigned char *)pem, (unsigned)strlen(pem)};
    int r = gnutls_x509_crt_init(&crt);
    if (!r)
        r = gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_PEM);
    if (r)
        rc = sync_err_set(err, SYNC_INVALID,
                          "'%s' is not a PEM certificate: "
                          "%s",
                          cert_path, gnutls_strerror(r));
    else
        rc = pin_of(crt, pin, pin_size, err);
    gnutls_x509_crt_deinit(crt);
    free(pem);
    return rc;
}

enum sync_rc node_tls_load(const struct node_ctx *ctx, const char *cert,
                           const char *key, char **cert_pem, char **key_pem,
                           struct sync_err *err)
{
    char *cert_path = node_path(ctx, cert);
    char *key_path = node_path(ctx, key);
    enum sync_rc rc = node_tls_read(cert_path, cert_pem, err);
    if (!rc)
        rc = node_tls_read(key_path, key_pem, err);
    free(cert_path);
    free(key_path);
    return rc;
}
