# Installed documentation and the packages: the Debian package (`cpack -G DEB` in a build
# folder, or `cmake --workflow --preset package`) and the portable tarball (`--preset portable`). The package installs into /usr: grade in bin/, the
# course in share/grade/ (the install() rules in CMakeLists.txt), the documentation and the
# copyright file in share/doc/grade/.

# README keeps its links working: docs/X.md sits next to it as in the source tree.
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
file(GLOB grade_doc_pages CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${grade_doc_pages} DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
configure_file(${CMAKE_CURRENT_LIST_DIR}/copyright.in ${PROJECT_BINARY_DIR}/copyright @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(GRADE_PACKAGE_MAINTAINER "grade maintainers <maintainers@example.org>"
    CACHE STRING "The Maintainer field of the Debian package")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME grade)
set(CPACK_PACKAGE_VENDOR "grade")
set(CPACK_PACKAGE_CONTACT "${GRADE_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# One line of the control file's long description a line here (CPack indents them).
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
  "grade builds a student's program, runs it several times under limits in an"
  "isolated view of the system, traces every process and thread it creates and"
  "checks its output against declarative YAML specs. It ships the Python course"
  "module on processes versus threads (exercises, reference solutions, starter"
  "files) in /usr/share/grade.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# Debian packages ship stripped binaries; a Debug build folder packages quickly the same way.
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # grade_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The shared libraries grade links (libc6, libstdc++6, libyaml-cpp, libre2, ...) come from
# dpkg-shlibdeps; python3 runs the bundled course's submissions and its build step; g++ and
# gcc build its C++ and C submissions, recommended only: a Python-only machine grades without
# them (a C++ submission then fails as an internal error that names the missing compiler).
# Nothing else is run by grade itself (its isolation uses kernel features, not bubblewrap).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "g++, gcc")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# The portable build (cmake/StaticLinking.cmake) is packed as a tarball of bin/grade and share/ to
# unpack into a prefix such as /usr/local (docs/gradescope/setup.sh does).
if(GRADE_PORTABLE)
  set(CPACK_GENERATOR TGZ)
  set(CPACK_PACKAGE_FILE_NAME "grade-${PROJECT_VERSION}-portable-${CMAKE_SYSTEM_PROCESSOR}")
endif()

include(CPack)
