# Shared by the samples' Makefiles: which compiler's pkg-config modules to use.
ifeq ($(COMPILER),)
  ifneq ($(findstring clang,$(CC)),)
    COMPILER := clang
  else
    COMPILER := gcc
  endif
endif
