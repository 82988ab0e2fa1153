# Warnings for Keep's own code: every target of ours calls keep_warnings().
# Generated code and third-party sources get their own flags where they are
# compiled.
function(keep_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Wshadow -Wvla -Werror
      -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes>
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wshadow -Werror>)
endfunction()
