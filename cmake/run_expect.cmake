# cmake -DCMD="prog|arg|..." [-DRC=0] [-DMATCH=regex] [-DNOMATCH=regex] -P run_expect.cmake
# Runs CMD and fails unless its exit status is RC (default 0), its combined
# output matches MATCH and does not match NOMATCH. Used by tests that must
# check the exit status and the output together (PASS_REGULAR_EXPRESSION
# alone ignores the exit status).
string(REPLACE "|" ";" command "${CMD}")
if(NOT DEFINED RC)
  set(RC 0)
endif()
execute_process(COMMAND ${command} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc STREQUAL "${RC}")
  message(FATAL_ERROR "exit status ${rc}, expected ${RC}")
endif()
if(DEFINED MATCH AND NOT "${out}${err}" MATCHES "${MATCH}")
  message(FATAL_ERROR "output does not match: ${MATCH}")
endif()
if(DEFINED NOMATCH AND "${out}${err}" MATCHES "${NOMATCH}")
  message(FATAL_ERROR "output matches what it must not: ${NOMATCH}")
endif()
