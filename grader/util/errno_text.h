// Describing an errno value without strerror(), whose buffer may be shared between threads
// (the runner is used from several).
#pragma once

#include <string>

namespace grade {

// "No such file or directory (ENOENT)"; "unknown error 1234" for a number glibc does not know.
std::string errno_text(int err);

// The two parts of errno_text(), as static strings or nullptr for an unknown number. Table
// lookups that neither allocate nor lock: safe in a forked child before exec.
const char* errno_description(int err) noexcept;
const char* errno_name(int err) noexcept;

}  // namespace grade
