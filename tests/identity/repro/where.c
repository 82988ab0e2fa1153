/* A source file whose object carries its own path (__FILE__), as assert()
 * and logging macros do: it shows why docs/measurement.md asks for
 * -ffile-prefix-map. */
const char *id_where(void);

const char *id_where(void)
{
    return __FILE__;
}
