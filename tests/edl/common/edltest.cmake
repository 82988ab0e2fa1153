# edl_test(<name> [EXPECT ok|fail|any|<code>] [PASS <regex>] [FAIL <regex>]
#          [CHECK_EXISTS <path>] [ARGS <arg>...])
# Adds a ctest that runs build/bin/oeedger8r with ARGS in a scratch
# directory (generated files land there) and checks the exit status (see
# run_oeedger8r.cmake) and the output against PASS / FAIL.
set(EDL_TEST_RUNNER ${CMAKE_CURRENT_LIST_DIR}/run_oeedger8r.cmake)

# EDL_TEST_EXE lets the suite run against another oeedger8r binary (for
# example one built with a stub emitter); by default it is ours.
set(EDL_TEST_EXE "" CACHE FILEPATH "oeedger8r binary the EDL tests run (default: build/bin/oeedger8r)")
if(EDL_TEST_EXE)
  set(EDL_TEST_EXE_PATH ${EDL_TEST_EXE})
else()
  set(EDL_TEST_EXE_PATH $<TARGET_FILE:oeedger8r>)
endif()

# Parse diagnostics: any of these in the output means parsing failed.
set(EDL_PARSE_ERROR_RE "(error|warning): (/|Function|file not found|recursive|the structure)")

function(edl_test name)
  cmake_parse_arguments(T "" "EXPECT;PASS;FAIL;CHECK_EXISTS" "ARGS" ${ARGN})
  if(T_EXPECT STREQUAL "")
    set(T_EXPECT fail)
  endif()
  string(REPLACE ";" "|" joined "${T_ARGS}")
  set(extra "")
  if(T_CHECK_EXISTS)
    set(extra "-DCHECK_EXISTS=${T_CHECK_EXISTS}")
  endif()
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND} -DEXE=${EDL_TEST_EXE_PATH} "-DARGS=${joined}"
                   -DEXPECT=${T_EXPECT} -DWORKDIR=${CMAKE_CURRENT_BINARY_DIR}/work/${name}
                   ${extra} -P ${EDL_TEST_RUNNER})
  if(T_PASS)
    set_tests_properties(${name} PROPERTIES PASS_REGULAR_EXPRESSION "${T_PASS}")
  endif()
  if(T_FAIL)
    set_tests_properties(${name} PROPERTIES FAIL_REGULAR_EXPRESSION "${T_FAIL}")
  endif()
endfunction()

# A run that must succeed (exit status 0) with no parse diagnostic.
function(edl_parse_ok name)
  edl_test(${name} EXPECT ok FAIL "${EDL_PARSE_ERROR_RE}" ${ARGN})
endfunction()
