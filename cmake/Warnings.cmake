# Warning flags for every target of this project (not for imported libraries).
add_library(grade_warnings INTERFACE)
target_compile_options(grade_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough -Wformat=2)
# Not -Wnull-dereference: with GCC 12 at -O2/-O3 it reports false positives inside libstdc++'s
# istreambuf_iterator, which would make the release preset fail to build. For the same reason
# (GCC 12's -Wrestrict false positives in std::string at -O3) the release preset builds at -O2.
if(GRADE_WARNINGS_AS_ERRORS)
  target_compile_options(grade_warnings INTERFACE -Werror)
endif()
