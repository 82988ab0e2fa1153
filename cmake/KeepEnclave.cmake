# keep_add_enclave(<target> SOURCES <files...>): builds an enclave image (an
# ELF shared object linked with liboeenclave), the way the oeenclave-*
# pkg-config flags build one outside this tree.
function(keep_add_enclave target)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  add_library(${target} SHARED ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE oeenclave)
  target_link_options(${target} PRIVATE -Wl,-u,keep_enclave_entry -Wl,-Bsymbolic
                      -Wl,-z,now -Wl,--no-undefined)
  set_target_properties(${target} PROPERTIES PREFIX "" SUFFIX ".so"
                        C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden)
endfunction()
