/* An ordinary shared object: valid ELF, but not linked with liboeenclave,
 * so it has no .oeinfo section. */
int rt_not_enclave_function(void);
int rt_not_enclave_function(void)
{
    return 42;
}
