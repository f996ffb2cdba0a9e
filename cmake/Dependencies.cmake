# Every dependency comes from a Debian 12 package; nothing is downloaded at build time.
# .ci/deps installs the packages named in the messages below.
find_package(fmt 9 REQUIRED)                 # libfmt-dev
find_package(yaml-cpp 0.7 REQUIRED)          # libyaml-cpp-dev
find_package(Boost 1.74 REQUIRED COMPONENTS filesystem)  # libboost-dev, libboost-filesystem-dev
find_package(CLI11 2 REQUIRED)               # libcli11-dev
find_package(nlohmann_json 3.10 REQUIRED)    # nlohmann-json3-dev
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)  # libre2-dev
pkg_check_modules(NETTLE REQUIRED IMPORTED_TARGET nettle)  # nettle-dev (SHA-256 of submissions)
pkg_check_modules(SECCOMP REQUIRED IMPORTED_TARGET libseccomp>=2.5)  # libseccomp-dev (syscall filter)
find_package(SQLite3 3.37 REQUIRED)          # libsqlite3-dev (the batch gradebook; STRICT tables)
if(GRADE_BUILD_TESTS)
  find_package(GTest 1.12 REQUIRED)          # libgtest-dev
endif()

# yaml-cpp 0.7 in Debian exports the plain target name.
if(TARGET yaml-cpp AND NOT TARGET yaml-cpp::yaml-cpp)
  add_library(yaml-cpp::yaml-cpp ALIAS yaml-cpp)
endif()
