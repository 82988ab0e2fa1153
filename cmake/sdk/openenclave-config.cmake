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

if(NOT TARGET openenclave::oeedger8r)
  add_executable(openenclave::oeedger8r IMPORTED)
  set_target_properties(openenclave::oeedger8r PROPERTIES
    IMPORTED_LOCATION "${OE_BINDIR}/oeedger8r")
endif()

# Header-only interface targets until the runtime libraries land; they carry
# the include directory so generated code compiles.
foreach(_keep_target oehost oeenclave oehostverify)
  if(NOT TARGET openenclave::${_keep_target})
    add_library(openenclave::${_keep_target} INTERFACE IMPORTED)
    set_target_properties(openenclave::${_keep_target} PROPERTIES
      INTERFACE_INCLUDE_DIRECTORIES "${OE_INCLUDEDIR}")
  endif()
endforeach()
set_property(TARGET openenclave::oehost APPEND PROPERTY
  INTERFACE_LINK_LIBRARIES Threads::Threads ${CMAKE_DL_LIBS})

unset(_keep_target)
unset(_keep_prefix)
set(OpenEnclave_FOUND TRUE)
