/* An ELF shared object that is not an enclave image: no .oeinfo section. */
int id_plain_answer(void);

int id_plain_answer(void)
{
    return 42;
}
