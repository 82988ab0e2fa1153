# Runs oeedger8r for one ctest and checks its exit status.
#   -DEXE=<oeedger8r> -DARGS=<args separated by |> -DWORKDIR=<dir>
#   -DEXPECT=ok|fail|any|<exact exit code>  -DCHECK_EXISTS=<path> (optional)
# The output is echoed only when the exit status is as expected, so the
# test's PASS_REGULAR_EXPRESSION can match the message only then.
if(ARGS STREQUAL "")
  set(args "")
else()
  string(REPLACE "|" ";" args "${ARGS}")
endif()
file(MAKE_DIRECTORY "${WORKDIR}")
execute_process(COMMAND "${EXE}" ${args}
                WORKING_DIRECTORY "${WORKDIR}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)

set(good TRUE)
if(EXPECT STREQUAL "ok")
  if(NOT rc EQUAL 0)
    set(good FALSE)
  endif()
elseif(EXPECT STREQUAL "fail")
  if(rc EQUAL 0 OR NOT rc MATCHES "^[0-9]+$")
    set(good FALSE)
  endif()
elseif(NOT EXPECT STREQUAL "any")
  if(NOT rc STREQUAL EXPECT)
    set(good FALSE)
  endif()
endif()
if(good AND DEFINED CHECK_EXISTS AND NOT EXISTS "${CHECK_EXISTS}")
  set(good FALSE)
  set(rc "${rc} (missing ${CHECK_EXISTS})")
endif()

if(good)
  message("${out}${err}")
else()
  # Spaces become '_' so the expected message cannot match by accident.
  string(REPLACE " " "_" mangled "${out}${err}")
  message(FATAL_ERROR "oeedger8r exit status ${rc}, expected ${EXPECT}:\n${mangled}")
endif()
