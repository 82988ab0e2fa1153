# Libraries OE applications name on their link lines (reference Appendix B)
# that have no content in Keep: the enclave's C library, C++ library, core
# and syscall layer are the platform's; host sockets and the resolver are in
# liboeenclave (docs/host-io.md); snmalloc is not offered (the C library's
# allocator serves); sealing is built in. Each is an empty archive so that
# `-loelibc`, `-loehostsock`, ... link unchanged.
set(KEEP_THIN_ENCLAVE_LIBS oelibc oelibcxx oecore oesyscall oehostsock oehostresolver oehostfs
    oehostepoll oesnmalloc oeseal_gcmaes)
foreach(lib ${KEEP_THIN_ENCLAVE_LIBS})
  add_library(keep_thin_${lib} STATIC ${CMAKE_CURRENT_SOURCE_DIR}/thin_library.c)
  set_target_properties(keep_thin_${lib} PROPERTIES OUTPUT_NAME ${lib}
    ARCHIVE_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib/openenclave/enclave)
  keep_warnings(keep_thin_${lib})
  install(TARGETS keep_thin_${lib} ARCHIVE DESTINATION lib/openenclave/enclave)
endforeach()
