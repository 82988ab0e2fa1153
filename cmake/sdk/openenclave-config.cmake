# find_package(OpenEnclave CONFIG) for the Keep SDK: the variables and
# imported targets Open Enclave's package defines, for what Keep has built.
get_filename_component(_keep_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)

set(OE_PREFIX "${_keep_prefix}")
set(OE_BINDIR "${_keep_prefix}/bin")
set(OE_INCLUDEDIR "${_keep_prefix}/include")
set(OE_LIBDIR "${_keep_prefix}/lib")
set(OE_DATADIR "${_keep_prefix}/share")
set(OE_SCRIPTSDIR "${_keep_prefix}/lib/openenclave/cmake")
set(OE_SGX OFF)

include(CMakeFindDependencyMacro)
find_dependency(Threads)
# liboehost checks enclave signatures with OpenSSL's libcrypto, as OE's does.
find_dependency(OpenSSL 3)

if(NOT TARGET openenclave::oeedger8r)
  add_executable(openenclave::oeedger8r IMPORTED)
  set_target_properties(openenclave::oeedger8r PROPERTIES
    IMPORTED_LOCATION "${OE_BINDIR}/oeedger8r")
endif()

if(NOT TARGET openenclave::oesign)
  add_executable(openenclave::oesign IMPORTED)
  set_target_properties(openenclave::oesign PROPERTIES
    IMPORTED_LOCATION "${OE_BINDIR}/oesign")
endif()

# Libraries. An enclave target (OE projects use add_executable for it) links
# openenclave::oeenclave, which makes it a position-independent ELF shared
# object carrying liboeenclave's entry table.
if(NOT TARGET openenclave::oeenclave)
  add_library(openenclave::oeenclave STATIC IMPORTED)
  set_target_properties(openenclave::oeenclave PROPERTIES
    IMPORTED_LOCATION "${OE_LIBDIR}/openenclave/enclave/liboeenclave.a"
    INTERFACE_INCLUDE_DIRECTORIES "${OE_INCLUDEDIR}"
    INTERFACE_COMPILE_OPTIONS "-fPIC;-fvisibility=hidden"
    INTERFACE_LINK_OPTIONS "-shared;-Wl,-Bsymbolic;-Wl,-z,now;-Wl,-z,noexecstack;-Wl,-u,keep_enclave_entry"
    INTERFACE_LINK_LIBRARIES "OpenSSL::Crypto")
endif()
if(NOT TARGET openenclave::oehost)
  add_library(openenclave::oehost STATIC IMPORTED)
  set_target_properties(openenclave::oehost PROPERTIES
    IMPORTED_LOCATION "${OE_LIBDIR}/openenclave/host/liboehost.a"
    INTERFACE_INCLUDE_DIRECTORIES "${OE_INCLUDEDIR}"
    INTERFACE_LINK_LIBRARIES "Threads::Threads;OpenSSL::Crypto;${CMAKE_DL_LIBS}")
endif()
# The C library and verification targets OE projects name; Keep enclaves use
# the system C library, so oelibc only carries the include path.
# liboehostverify: DCAP and Keep quote verification (oe_verify_evidence).
if(NOT TARGET openenclave::oehostverify)
  add_library(openenclave::oehostverify STATIC IMPORTED)
  set_target_properties(openenclave::oehostverify PROPERTIES
    IMPORTED_LOCATION "${OE_LIBDIR}/openenclave/host/liboehostverify.a"
    INTERFACE_INCLUDE_DIRECTORIES "${OE_INCLUDEDIR}"
    INTERFACE_LINK_LIBRARIES "OpenSSL::Crypto;jansson;Threads::Threads;${CMAKE_DL_LIBS}")
endif()
# liboedebugmalloc: allocation tracking (<openenclave/debugmalloc.h>).
if(NOT TARGET openenclave::oedebugmalloc)
  add_library(openenclave::oedebugmalloc STATIC IMPORTED)
  set_target_properties(openenclave::oedebugmalloc PROPERTIES
    IMPORTED_LOCATION "${OE_LIBDIR}/openenclave/enclave/liboedebugmalloc.a"
    INTERFACE_INCLUDE_DIRECTORIES "${OE_INCLUDEDIR}")
endif()
# The crypto libraries OE samples pick with OE_CRYPTO_LIB: the system
# OpenSSL 3, or Debian's mbedTLS 2.28.
if(NOT TARGET openenclave::oecryptoopenssl_3)
  foreach(_keep_target oecryptoopenssl_3 oecryptoopenssl)
    add_library(openenclave::${_keep_target} INTERFACE IMPORTED)
    set_target_properties(openenclave::${_keep_target} PROPERTIES
      INTERFACE_LINK_LIBRARIES "OpenSSL::SSL;OpenSSL::Crypto")
  endforeach()
  add_library(openenclave::oecryptombedtls INTERFACE IMPORTED)
  set_target_properties(openenclave::oecryptombedtls PROPERTIES
    INTERFACE_LINK_LIBRARIES "mbedx509;mbedtls;mbedcrypto")
endif()
# Names OE projects link that have no content in Keep (thin-libs.cmake).
foreach(_keep_target oelibc oelibcxx oecore oesyscall oehostsock oehostresolver oehostfs
        oehostepoll oesnmalloc oeseal_gcmaes)
  if(NOT TARGET openenclave::${_keep_target})
    add_library(openenclave::${_keep_target} INTERFACE IMPORTED)
    set_target_properties(openenclave::${_keep_target} PROPERTIES
      INTERFACE_INCLUDE_DIRECTORIES "${OE_INCLUDEDIR}")
  endif()
endforeach()

unset(_keep_target)
unset(_keep_prefix)
set(OpenEnclave_FOUND TRUE)
