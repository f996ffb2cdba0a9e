# Warning flags for every target of this project (not for imported libraries).
add_library(grade_warnings INTERFACE)
target_compile_options(grade_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wnull-dereference
  -Wimplicit-fallthrough -Wformat=2)
if(GRADE_WARNINGS_AS_ERRORS)
  target_compile_options(grade_warnings INTERFACE -Werror)
endif()
