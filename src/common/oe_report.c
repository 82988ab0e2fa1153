/* See oe_report.h. oe_parse_report, oe_get_target_info and the frees are
 * the same on host and enclave, so they live here. */
#include <stdlib.h>
#include <string.h>

#include "oe_report.h"

static oe_result_t quote_body(const uint8_t *quote, size_t size, keep_sgx_report_body *body)
{
    uint32_t sig_len;
    uint16_t version;
    if (size < KEEP_QUOTE_MIN_SIZE)
        return OE_REPORT_PARSE_ERROR;
    memcpy(&version, quote, sizeof(version));
    memcpy(&sig_len, quote + KEEP_QUOTE_SIGNED_SIZE, sizeof(sig_len));
    if (version != 3 || sig_len != size - KEEP_QUOTE_MIN_SIZE)
        return OE_REPORT_PARSE_ERROR;
    memcpy(body, quote + KEEP_QUOTE_HEADER_SIZE, sizeof(*body));
    return OE_OK;
}

static void fill_identity(oe_identity_t *id, const keep_sgx_report_body *body, bool remote)
{
    memset(id, 0, sizeof(*id));
    id->security_version = body->isv_svn;
    id->attributes = (body->attributes.flags & KEEP_SGX_FLAGS_DEBUG ? OE_REPORT_ATTRIBUTES_DEBUG
                                                                    : 0) |
                     (remote ? OE_REPORT_ATTRIBUTES_REMOTE : 0);
    memcpy(id->unique_id, body->mr_enclave, OE_UNIQUE_ID_SIZE);
    memcpy(id->signer_id, body->mr_signer, OE_SIGNER_ID_SIZE);
    memcpy(id->product_id, &body->isv_prod_id, sizeof(body->isv_prod_id));
}

oe_result_t keep_oe_report_parse(const uint8_t *report, size_t report_size, oe_report_t *parsed,
                                 keep_sgx_report_body *body, bool *is_remote)
{
    keep_oe_report_header head;
    if (report_size < sizeof(head) || report_size > OE_MAX_REPORT_SIZE)
        return OE_REPORT_PARSE_ERROR;
    memcpy(&head, report, sizeof(head));
    const uint8_t *inner = report + sizeof(head);
    size_t inner_size = report_size - sizeof(head);
    if (head.version != KEEP_OE_REPORT_HEADER_VERSION)
        return OE_REPORT_PARSE_ERROR;
    /* As OE: a header whose size disagrees with the buffer's. */
    if (head.report_size != inner_size)
        return OE_INCORRECT_REPORT_SIZE;
    oe_result_t result = OE_REPORT_PARSE_ERROR;
    if (head.report_type == KEEP_OE_REPORT_TYPE_SGX_LOCAL && inner_size == sizeof(keep_sgx_report)) {
        memcpy(body, inner, sizeof(*body));
        result = OE_OK;
    } else if (head.report_type == KEEP_OE_REPORT_TYPE_SGX_REMOTE) {
        result = quote_body(inner, inner_size, body);
    }
    if (result != OE_OK)
        return result;
    *is_remote = head.report_type == KEEP_OE_REPORT_TYPE_SGX_REMOTE;
    memset(parsed, 0, sizeof(*parsed));
    parsed->size = sizeof(*parsed);
    parsed->type = OE_ENCLAVE_TYPE_SGX;
    parsed->report_data_size = OE_REPORT_DATA_SIZE;
    parsed->enclave_report_size = inner_size;
    parsed->enclave_report = (uint8_t *)inner;
    parsed->report_data = (uint8_t *)inner + (*is_remote ? KEEP_QUOTE_HEADER_SIZE : 0) +
                          offsetof(keep_sgx_report_body, report_data);
    fill_identity(&parsed->identity, body, *is_remote);
    return OE_OK;
}

oe_result_t keep_oe_report_wrap(uint8_t **out, size_t *out_size, uint32_t type,
                                const void *report, size_t report_size)
{
    keep_oe_report_header head = {KEEP_OE_REPORT_HEADER_VERSION, type, report_size};
    if (report_size > OE_MAX_REPORT_SIZE - sizeof(head))
        return OE_BUFFER_TOO_SMALL;
    uint8_t *buf = malloc(sizeof(head) + report_size);
    if (!buf)
        return OE_OUT_OF_MEMORY;
    memcpy(buf, &head, sizeof(head));
    memcpy(buf + sizeof(head), report, report_size);
    *out = buf;
    *out_size = sizeof(head) + report_size;
    return OE_OK;
}

oe_result_t oe_parse_report(const uint8_t *report, size_t report_size, oe_report_t *parsed_report)
{
    keep_sgx_report_body body;
    bool remote;
    if (!report || !parsed_report)
        return OE_INVALID_PARAMETER;
    return keep_oe_report_parse(report, report_size, parsed_report, &body, &remote);
}

oe_result_t oe_get_target_info_v2(const uint8_t *report, size_t report_size,
                                  void **target_info_buffer, size_t *target_info_size)
{
    if (!report || !target_info_buffer || !target_info_size)
        return OE_INVALID_PARAMETER;
    *target_info_buffer = NULL;
    *target_info_size = 0;
    oe_report_t parsed;
    keep_sgx_report_body body;
    bool remote;
    oe_result_t result = keep_oe_report_parse(report, report_size, &parsed, &body, &remote);
    if (result != OE_OK)
        return result;
    keep_sgx_target_info *info = calloc(1, sizeof(*info));
    if (!info)
        return OE_OUT_OF_MEMORY;
    memcpy(info->mr_enclave, body.mr_enclave, sizeof(info->mr_enclave));
    info->attributes = body.attributes;
    info->config_svn = body.config_svn;
    info->misc_select = body.misc_select;
    memcpy(info->config_id, body.config_id, sizeof(info->config_id));
    *target_info_buffer = info;
    *target_info_size = sizeof(*info);
    return OE_OK;
}

void oe_free_report(uint8_t *report_buffer)
{
    free(report_buffer);
}

void oe_free_target_info(void *target_info_buffer)
{
    free(target_info_buffer);
}
