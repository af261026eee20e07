# SPDX-License-Identifier: MIT
# Every external dependency, found once, through pkg-config (Debian packages).
find_package(PkgConfig REQUIRED)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3>=3.35)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium>=1.0.18)
pkg_check_modules(JANSSON REQUIRED IMPORTED_TARGET jansson>=2.13)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl>=7.85) # CURLOPT_PROTOCOLS_STR
pkg_check_modules(MHD REQUIRED IMPORTED_TARGET libmicrohttpd>=0.9.71)
pkg_check_modules(INIH REQUIRED IMPORTED_TARGET inih)
pkg_check_modules(GNUTLS REQUIRED IMPORTED_TARGET gnutls>=3.6)
# .xlsx exports (node/common/export.c only).
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
# sd_notify readiness and watchdog of 'spona serve' (node/svc.c only).
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
find_package(Threads REQUIRED)
# Snowball's stemmers (libstemmer-dev) ship no pkg-config file.
find_path(STEMMER_INCLUDE_DIR libstemmer.h REQUIRED)
find_library(STEMMER_LIBRARY stemmer REQUIRED)
add_library(Stemmer::Stemmer UNKNOWN IMPORTED)
set_target_properties(Stemmer::Stemmer PROPERTIES
  IMPORTED_LOCATION ${STEMMER_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${STEMMER_INCLUDE_DIR})
