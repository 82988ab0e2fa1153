/* Type spellings used in diagnostics, matching OE's wording (OE prints
 * `short` as "short int" and `long` as "long int"). */
#include <stdio.h>

#include "edl_internal.h"

static const char *base_name(edl_type_kind kind)
{
    switch (kind) {
    case EDL_TYPE_VOID:
        return "void";
    case EDL_TYPE_BOOL:
        return "bool";
    case EDL_TYPE_CHAR:
        return "char";
    case EDL_TYPE_SHORT:
        return "short int";
    case EDL_TYPE_INT:
        return "int";
    case EDL_TYPE_LONG:
        return "long int";
    case EDL_TYPE_LONG_LONG:
        return "long long";
    case EDL_TYPE_UNSIGNED_CHAR:
        return "unsigned char";
    case EDL_TYPE_UNSIGNED_SHORT:
        return "unsigned short int";
    case EDL_TYPE_UNSIGNED_INT:
        return "unsigned int";
    case EDL_TYPE_UNSIGNED_LONG:
        return "unsigned long int";
    case EDL_TYPE_UNSIGNED_LONG_LONG:
        return "unsigned long long";
    case EDL_TYPE_FLOAT:
        return "float";
    case EDL_TYPE_DOUBLE:
        return "double";
    case EDL_TYPE_LONG_DOUBLE:
        return "long double";
    case EDL_TYPE_WCHAR:
        return "wchar_t";
    case EDL_TYPE_SIZE_T:
        return "size_t";
    case EDL_TYPE_INT8:
        return "int8_t";
    case EDL_TYPE_INT16:
        return "int16_t";
    case EDL_TYPE_INT32:
        return "int32_t";
    case EDL_TYPE_INT64:
        return "int64_t";
    case EDL_TYPE_UINT8:
        return "uint8_t";
    case EDL_TYPE_UINT16:
        return "uint16_t";
    case EDL_TYPE_UINT32:
        return "uint32_t";
    case EDL_TYPE_UINT64:
        return "uint64_t";
    case EDL_TYPE_STRUCT:
        return "struct ";
    case EDL_TYPE_UNION:
        return "union ";
    case EDL_TYPE_ENUM:
        return "enum ";
    case EDL_TYPE_FOREIGN:
        return "";
    }
    return "";
}

void edl_type_str(char *buf, size_t size, const edl_type *type)
{
    bool named = type->kind >= EDL_TYPE_STRUCT;
    const char *keyword = base_name(type->kind);
    if (named && !type->has_keyword)
        keyword = "";
    int n = snprintf(buf, size, "%s%s%s", type->is_const ? "const " : "", keyword,
                     named && type->name ? type->name : "");
    for (int i = 0; i < type->pointer_depth && n >= 0 && (size_t)n + 1 < size; i++)
        buf[n++] = '*', buf[n] = '\0';
}
