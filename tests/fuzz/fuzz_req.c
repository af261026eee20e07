/* SPDX-License-Identifier: MIT */
/*
 * fuzz_req: request signature headers. Input: the four header values
 * (key, time, nonce, signature) on lines, then the body; a parsed auth is
 * checked against the body as sync_fed_auth would.
 */
#include "fuzz.h"
#include "spona/req.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    char *line[4] = {NULL, NULL, NULL, NULL};
    char *p = text;
    for (int i = 0; i < 4 && p; i++) {
        line[i] = p;
        p = strchr(p, '\n');
        if (p)
            *p++ = '\0';
    }
    const char *body = p ? p : "";
    struct sync_req_auth a;
    struct sync_err err;
    if (sync_req_from_headers(&a, line[0], line[1], line[2], line[3], &err) ==
        SYNC_OK) {
        (void)sync_req_check(&a, "POST", "/v1/push", body, strlen(body),
                             a.time_ms, &err);
        struct sync_req_headers h;
        struct sync_req_auth b;
        sync_req_to_headers(&h, &a);
        if (sync_req_from_headers(&b, h.key, h.time, h.nonce, h.sig, &err) ||
            memcmp(&a, &b, sizeof(a)) != 0)
            abort(); /* headers must survive a round trip */
    }
    free(text);
    return 0;
}
