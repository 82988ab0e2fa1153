/* `oesign sign` and `oesign digest`: merge the configuration into the
 * image's properties, measure, build the SIGSTRUCT, then sign it with a
 * private key, write its digest for signing elsewhere, or attach a
 * signature made elsewhere. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "../../src/common/identity.h"
#include "conf.h"
#include "oesign.h"

typedef struct prepared {
    uint8_t *image;
    size_t size;
    keep_oeinfo oeinfo;
    keep_sigstruct sigstruct; /* body filled, not signed */
} prepared;

/* BCD yyyymmdd of SOURCE_DATE_EPOCH (reproducible builds) or of today. */
static uint32_t sigstruct_date(void)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    time_t now = epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm))
        return 0;
    unsigned digits[8] = {(unsigned)(tm.tm_year + 1900) / 1000 % 10,
                          (unsigned)(tm.tm_year + 1900) / 100 % 10,
                          (unsigned)(tm.tm_year + 1900) / 10 % 10,
                          (unsigned)(tm.tm_year + 1900) % 10,
                          (unsigned)(tm.tm_mon + 1) / 10,
                          (unsigned)(tm.tm_mon + 1) % 10,
                          (unsigned)tm.tm_mday / 10,
                          (unsigned)tm.tm_mday % 10};
    uint32_t date = 0;
    for (int i = 0; i < 8; i++)
        date = date << 4 | digits[i];
    return date;
}

static int load_conf(const char *path, oe_sgx_enclave_properties_t *properties)
{
    size_t size;
    uint8_t *text = oesign_read_file(path, KEEP_CONF_MAX_SIZE, &size);
    if (!text)
        return -1;
    keep_conf conf;
    keep_why why = {{0}};
    oe_result_t result = keep_conf_parse(&conf, (const char *)text, size, &why);
    free(text);
    if (result != OE_OK) {
        oesign_error("%s: %s", path, why.text);
        return -1;
    }
    keep_conf_apply(&conf, properties);
    return 0;
}

/* Reads the image, applies the configuration, writes the properties (with
 * an empty SIGSTRUCT) into the image copy and measures it. */
static int prepare(prepared *p, const oesign_args *args)
{
    keep_why why = {{0}};
    uint8_t measurement[KEEP_MEASUREMENT_SIZE];
    memset(p, 0, sizeof(*p));
    p->image = oesign_read_file(args->image, OESIGN_MAX_IMAGE_SIZE, &p->size);
    if (!p->image)
        return -1;
    oe_result_t result = keep_oeinfo_find(&p->oeinfo, p->image, p->size, &why);
    oe_sgx_enclave_properties_t *props = &p->oeinfo.properties;
    if (result == OE_OK && args->conf && load_conf(args->conf, props) != 0)
        return -1;
    if (result == OE_OK)
        result = keep_properties_validate(props, &why);
    if (result == OE_OK) {
        memset(props->sigstruct, 0, sizeof(props->sigstruct));
        memcpy(p->image + p->oeinfo.offset, props, sizeof(*props));
        result = keep_measure(measurement, p->image, p->size, &why);
    }
    if (result != OE_OK) {
        oesign_error("%s: %s", args->image, why.text[0] ? why.text : oe_result_str(result));
        return -1;
    }
    keep_identity_sigstruct_body(&p->sigstruct, props, measurement, sigstruct_date());
    return 0;
}

static char *default_output(const char *image)
{
    size_t length = strlen(image) + sizeof(".signed");
    char *out = malloc(length);
    if (out)
        snprintf(out, length, "%s.signed", image);
    return out;
}

static int finish(prepared *p, const oesign_args *args)
{
    memcpy(p->oeinfo.properties.sigstruct, &p->sigstruct, sizeof(p->sigstruct));
    memcpy(p->image + p->oeinfo.offset, &p->oeinfo.properties, sizeof(p->oeinfo.properties));
    char *owned = args->output ? NULL : default_output(args->image);
    const char *out = args->output ? args->output : owned;
    int rc = out ? oesign_write_file(out, p->image, p->size, 1) : -1;
    if (rc == 0)
        printf("Created %s\n", out);
    free(owned);
    return rc;
}

static int sign_with(prepared *p, const oesign_args *args)
{
    keep_why why = {{0}};
    oe_result_t result;
    if (args->key) {
        EVP_PKEY *key = oesign_load_private_key(args->key);
        if (!key)
            return -1;
        result = keep_sigstruct_sign(&p->sigstruct, key, &why);
        EVP_PKEY_free(key);
    } else {
        size_t size;
        EVP_PKEY *key = oesign_load_public_key(args->x509);
        uint8_t *signature = key ? oesign_read_file(args->digest, 4096, &size) : NULL;
        if (!signature) {
            EVP_PKEY_free(key);
            return -1;
        }
        result = keep_sigstruct_attach(&p->sigstruct, key, signature, size, &why);
        free(signature);
        EVP_PKEY_free(key);
    }
    if (result != OE_OK) {
        oesign_error("%s: %s", args->key ? args->key : args->digest,
                     why.text[0] ? why.text : oe_result_str(result));
        return -1;
    }
    return 0;
}

int oesign_sign(const oesign_args *args)
{
    prepared p;
    int rc = prepare(&p, args);
    if (rc == 0)
        rc = sign_with(&p, args);
    if (rc == 0)
        rc = finish(&p, args);
    free(p.image);
    return rc == 0 ? 0 : 1;
}

int oesign_digest(const oesign_args *args)
{
    prepared p;
    uint8_t digest[KEEP_SHA256_SIZE];
    int rc = prepare(&p, args);
    if (rc == 0 && keep_sigstruct_digest(digest, &p.sigstruct) != OE_OK)
        rc = -1;
    if (rc == 0)
        rc = oesign_write_file(args->digest, digest, sizeof(digest), 0);
    if (rc == 0)
        printf("Created %s\n", args->digest);
    free(p.image);
    return rc == 0 ? 0 : 1;
}
