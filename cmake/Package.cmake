# SPDX-License-Identifier: MIT
# Install rules and the Debian package (CPack's DEB generator; tools/package
# runs it; docs/OPERATIONS.md says why CPack and not debhelper). The
# package holds the program, its manual page, the systemd unit, the
# service's settings file /etc/spona/spona.conf (a conffile) and the
# maintainer scripts of cmake/package/deb/ (user, data folder, service).
include(GNUInstallDirs)

# /etc/spona/spona.conf: config.example with every setting commented out.
# It is read after the data folder's spona.conf (which init and join
# write), so an uncommented line there replaces the node's own value.
file(READ ${PROJECT_SOURCE_DIR}/config.example SPONA_CONF_EXAMPLE)
string(REGEX REPLACE "\n([a-z_]+ = )" "\n;\\1" SPONA_CONF_EXAMPLE
  "${SPONA_CONF_EXAMPLE}")
file(WRITE ${PROJECT_BINARY_DIR}/pkg/spona.conf
  "# /etc/spona/spona.conf: settings of the spona service (spona.service).\n"
  "# Read after /var/lib/spona/spona.conf, which 'spona init' and 'spona\n"
  "# join' write; a setting uncommented here replaces the value there.\n"
  "# After a change: 'systemctl reload spona' applies log_level and [sync];\n"
  "# 'systemctl restart spona' the rest. Every key is described below.\n"
  "#\n"
  "${SPONA_CONF_EXAMPLE}")

install(TARGETS spona RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/cmake/package/spona.1
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/docs/OPERATIONS.md
  ${PROJECT_SOURCE_DIR}/config.example
  DESTINATION ${CMAKE_INSTALL_DOCDIR})
# Absolute: these places are the package's, whatever the prefix.
install(FILES ${PROJECT_SOURCE_DIR}/cmake/package/spona.service
  DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_BINARY_DIR}/pkg/spona.conf DESTINATION /etc/spona)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME spona)
set(CPACK_PACKAGE_VENDOR "spona")
set(CPACK_PACKAGE_CONTACT "spona maintainers <spona@example.ba>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "federated sync node for municipal records")
set(CPACK_PACKAGE_DESCRIPTION
  "spona keeps the shared records of Bosnia and Herzegovina's municipalities
in a small local database where every change is a signed entry, and syncs
them with its hub over HTTPS. This package runs it as the service
spona.service, user spona, data in /var/lib/spona.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The runtime libraries, found from the binary by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libsystemd is opened at run time (node/server/svc.c), so name it here;
# libxlsxwriter4 (.xlsx exports) is linked, named too for the reader.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "adduser, init-system-helpers, libsystemd0, libxlsxwriter4")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  "${PROJECT_SOURCE_DIR}/cmake/package/deb/conffiles;${PROJECT_SOURCE_DIR}/cmake/package/deb/postinst;${PROJECT_SOURCE_DIR}/cmake/package/deb/prerm;${PROJECT_SOURCE_DIR}/cmake/package/deb/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR})
include(CPack)
