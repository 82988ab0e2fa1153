/* The object of Keep's thin libraries (cmake/sdk/thin-libs.cmake): OE's
 * build lines name these libraries, but Keep has nothing to put in them. */
typedef int keep_thin_library;
