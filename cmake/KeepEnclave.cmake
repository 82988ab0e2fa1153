# keep_add_enclave(<target> SOURCES <files...>): builds an enclave image (an
# ELF shared object linked with liboeenclave), the way the oeenclave-*
# pkg-config flags build one outside this tree.
set(KEEP_SOURCE_CMAKE_DIR ${CMAKE_CURRENT_LIST_DIR})

function(keep_add_enclave target)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  add_library(${target} SHARED ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE oeenclave)
  target_link_options(${target} PRIVATE -Wl,-u,keep_enclave_entry -Wl,-Bsymbolic
                      -Wl,-z,now -Wl,--no-undefined)
  set_target_properties(${target} PROPERTIES PREFIX "" SUFFIX ".so"
                        C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden)
endfunction()

# keep_add_expect_test(<name> COMMAND <prog> <args...> [RC n] [MATCH re]
#                      [NOMATCH re]): a test that checks exit status and output.
function(keep_add_expect_test name)
  cmake_parse_arguments(T "" "RC;MATCH;NOMATCH" "COMMAND" ${ARGN})
  string(REPLACE ";" "|" joined "${T_COMMAND}")
  set(defs "-DCMD=${joined}")
  if(DEFINED T_RC)
    list(APPEND defs "-DRC=${T_RC}")
  endif()
  if(DEFINED T_MATCH)
    list(APPEND defs "-DMATCH=${T_MATCH}")
  endif()
  if(DEFINED T_NOMATCH)
    list(APPEND defs "-DNOMATCH=${T_NOMATCH}")
  endif()
  add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} ${defs} -P ${KEEP_SOURCE_CMAKE_DIR}/run_expect.cmake)
endfunction()
