# keep_add_enclave(<target> SOURCES <files...> [CONF <file>] [UNSIGNED]):
# builds an enclave image (an ELF shared object linked with liboeenclave),
# the way the oeenclave-* pkg-config flags build one outside this tree, and
# signs it in place with oesign, as OE's add_enclave signs every enclave:
# with CONF's settings, and with the build tree's test key (generated once,
# RSA-3072 e=3; for tests only). UNSIGNED leaves the image unsigned (it then
# loads only with OE_ENCLAVE_FLAG_DEBUG).
set(KEEP_SOURCE_CMAKE_DIR ${CMAKE_CURRENT_LIST_DIR})
set(KEEP_TEST_SIGNING_KEY ${CMAKE_BINARY_DIR}/keep-test-signing-key.pem)

function(keep_test_signing_key_target)
  if(NOT TARGET keep_test_signing_key)
    find_program(KEEP_OPENSSL openssl REQUIRED)
    add_custom_command(OUTPUT ${KEEP_TEST_SIGNING_KEY}
      COMMAND ${KEEP_OPENSSL} genrsa -out ${KEEP_TEST_SIGNING_KEY} -3 3072
      COMMENT "a test key for signing in-tree enclaves")
    add_custom_target(keep_test_signing_key DEPENDS ${KEEP_TEST_SIGNING_KEY})
  endif()
endfunction()

function(keep_add_enclave target)
  cmake_parse_arguments(ARG "UNSIGNED" "CONF" "SOURCES" ${ARGN})
  add_library(${target} SHARED ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE oeenclave)
  target_link_options(${target} PRIVATE -Wl,-u,keep_enclave_entry -Wl,-Bsymbolic
                      -Wl,-z,now -Wl,--no-undefined)
  set_target_properties(${target} PROPERTIES PREFIX "" SUFFIX ".so"
                        C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden)
  if(NOT ARG_UNSIGNED)
    keep_test_signing_key_target()
    set(conf "")
    if(ARG_CONF)
      set(conf -c ${ARG_CONF})
      set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${ARG_CONF})
    endif()
    add_dependencies(${target} keep_test_signing_key oesign)
    # A new oesign (a new measurement) re-signs: relinking reruns the step.
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS
                 ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/oesign)
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND $<TARGET_FILE:oesign> sign -e $<TARGET_FILE:${target}> ${conf}
              -k ${KEEP_TEST_SIGNING_KEY} -o $<TARGET_FILE:${target}> > /dev/null
      COMMENT "oesign ${target}")
  endif()
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
