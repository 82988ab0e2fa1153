# -W tests: warnings.edl with one construct selected by -D, under various
# -W options (OE precedence: -Wno- over -Werror[=] over -W / -Wall).
set(W_EDL ${CMAKE_CURRENT_LIST_DIR}/warnings.edl)

# edl_warning_test(<name> <define> <warn|error|none> <regex> <options>...)
function(edl_warning_test name define outcome regex)
  set(args --header-only -D${define} ${ARGN} ${W_EDL})
  if(outcome STREQUAL "warn")
    edl_test(edl_warning_${name} EXPECT ok PASS "warning: [^ ]*warnings.edl:[0-9]+:[0-9]+ ${regex}"
             FAIL "error: [^ ]*warnings.edl" ARGS ${args})
  elseif(outcome STREQUAL "error")
    edl_test(edl_warning_${name} EXPECT 1 PASS "error: [^ ]*warnings.edl:[0-9]+:[0-9]+ ${regex}"
             ARGS ${args})
  else()
    edl_test(edl_warning_${name} EXPECT ok PASS "Processing" FAIL "(warning|error): [^ ]*warnings.edl"
             ARGS ${args})
  endif()
endfunction()

set(PTR_STRUCT "struct `MyStruct': The member `p' is a pointer that is not serializable. Consider annotating the member with the `count' or `size' attribute .-Wptr-in-struct.")
edl_warning_test(ptr_in_struct_default_off PTR_IN_STRUCT none "")
edl_warning_test(ptr_in_struct PTR_IN_STRUCT warn "${PTR_STRUCT}" -Wptr-in-struct)
edl_warning_test(ptr_in_struct_wall PTR_IN_STRUCT warn "${PTR_STRUCT}" -Wall)
edl_warning_test(ptr_in_struct_wall_no PTR_IN_STRUCT none "" -Wall -Wno-ptr-in-struct)
edl_warning_test(ptr_in_struct_no_wall PTR_IN_STRUCT none "" -Wno-ptr-in-struct -Wall)
edl_warning_test(ptr_in_struct_no_all PTR_IN_STRUCT none "" -Wno-all -Wall)
edl_warning_test(ptr_in_struct_werror PTR_IN_STRUCT error "${PTR_STRUCT}" -Werror -Wptr-in-struct)
edl_warning_test(ptr_in_struct_werror_wall PTR_IN_STRUCT error "${PTR_STRUCT}" -Wall -Werror)
edl_warning_test(ptr_in_struct_no_werror PTR_IN_STRUCT warn "${PTR_STRUCT}" -Werror -Wptr-in-struct -Wno-error)
edl_warning_test(ptr_in_struct_werror_eq PTR_IN_STRUCT error "${PTR_STRUCT}" -Werror=ptr-in-struct)
edl_warning_test(ptr_in_struct_werror_eq_w PTR_IN_STRUCT error "${PTR_STRUCT}" -Werror=ptr-in-struct -Wptr-in-struct)
edl_warning_test(ptr_in_struct_werror_eq_no PTR_IN_STRUCT none "" -Werror=ptr-in-struct -Wno-ptr-in-struct)
edl_warning_test(ptr_in_struct_no_werror_eq PTR_IN_STRUCT none "" -Wno-ptr-in-struct -Werror=ptr-in-struct)

set(RET_PTR "Function `func': The function returns a pointer, which could expose memory addresses across the host-enclave boundary. Consider passing the pointer as an out parameter instead .-Wreturn-ptr.")
edl_warning_test(return_ptr_default_off RETURN_PTR none "")
edl_warning_test(return_ptr RETURN_PTR warn "${RET_PTR}" -Wreturn-ptr)
edl_warning_test(return_ptr_werror RETURN_PTR error "${RET_PTR}" -Werror -Wreturn-ptr)
edl_warning_test(return_ptr_werror_no RETURN_PTR none "" -Werror -Wreturn-ptr -Wno-return-ptr)

set(PTR_FN "Function `func': `s' is a pointer that is not serializable. Consider annotating the parameter with the direction annotation .-Wptr-in-function.")
edl_warning_test(ptr_in_function_default_off PTR_IN_FUNCTION none "")
edl_warning_test(ptr_in_function PTR_IN_FUNCTION warn "${PTR_FN}" -Wptr-in-function)
edl_warning_test(ptr_in_function_werror PTR_IN_FUNCTION error "${PTR_FN}" -Werror=ptr-in-function)

set(FOREIGN "Function `func': `s' is a pointer of a foreign type `Foreign' that may not be serializable. Consider defining the type in the EDL file with proper annotations .-Wforeign-type-ptr.")
edl_warning_test(foreign_ptr_default_off FOREIGN_PTR none "")
edl_warning_test(foreign_ptr FOREIGN_PTR warn "${FOREIGN}" -Wforeign-type-ptr)
edl_warning_test(foreign_ptr_known_type NON_FOREIGN none "" -Wforeign-type-ptr)

set(ALLOW "Function `func': the `allow' syntax is currently unsupported. Ignored .-Wunsupported-allow.")
edl_warning_test(allow_default_off ALLOW none "")
edl_warning_test(allow ALLOW warn "${ALLOW}" -Wunsupported-allow)
edl_warning_test(allow_werror ALLOW error "${ALLOW}" -Werror=unsupported-allow)

set(SIGNED "Function `func': The size or count parameter `n' should not be signed .-Wsigned-size-or-count.")
edl_warning_test(signed_size_default_on SIGNED_SIZE warn "${SIGNED}")
edl_warning_test(signed_size_no SIGNED_SIZE none "" -Wno-signed-size-or-count)
edl_warning_test(signed_size_werror SIGNED_SIZE error "${SIGNED}" -Werror)
edl_warning_test(signed_struct SIGNED_STRUCT warn "struct `MyStruct': The size or count parameter `n' should not be signed .-Wsigned-size-or-count.")
edl_warning_test(unsigned_size UNSIGNED_SIZE none "" -Wall)

set(PORT "warning: Function `func': `([a-z_ ]+)' has different sizes on Windows and Linux. This enclave cannot be built in Linux and then safely loaded in Windows .-Wnon-portable-type.")
edl_warning_test(non_portable_long LONG warn "warning: Function `func': `long' has different sizes on Windows and Linux")
edl_warning_test(non_portable_wchar WCHAR warn "warning: Function `func': `wchar_t' has different sizes")
edl_warning_test(non_portable_long_double LONG_DOUBLE warn "warning: Function `func': `long double' has different sizes")
edl_warning_test(non_portable_unsigned_long UNSIGNED_LONG warn "${PORT}")
edl_warning_test(non_portable_no LONG none "" -Wno-non-portable-type)
edl_warning_test(non_portable_werror LONG error "${PORT}" -Werror)
