# SPDX-License-Identifier: MIT
# Compiler flags shared by every target, as INTERFACE targets linked PRIVATE.
add_library(sync_warnings INTERFACE)
# POSIX.1-2008 (strnlen, fsync, clock_gettime), no GNU extensions.
target_compile_definitions(sync_warnings INTERFACE _POSIX_C_SOURCE=200809L)
target_compile_options(sync_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wstrict-prototypes
  -Wmissing-prototypes -Wformat=2 -Wvla -Wimplicit-fallthrough -Wundef)
if(SYNC_WERROR)
  target_compile_options(sync_warnings INTERFACE -Werror)
endif()
if(SYNC_SANITIZE)
  target_compile_options(sync_warnings INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all
    -fno-omit-frame-pointer)
  target_link_options(sync_warnings INTERFACE -fsanitize=address,undefined)
endif()
if(SPONA_FUZZ)
  target_compile_options(sync_warnings INTERFACE -fsanitize=fuzzer-no-link)
endif()
if(SYNC_ANALYZER)
  target_compile_options(sync_warnings INTERFACE -fanalyzer)
endif()
