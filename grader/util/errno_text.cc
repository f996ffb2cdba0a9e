#include "util/errno_text.h"

#include <cstring>

namespace grade {

// glibc >= 2.32. Unlike strerror() these return pointers into constant tables, and they are
// not translated, so a report reads the same whatever the grader's locale.
const char* errno_description(int err) noexcept { return ::strerrordesc_np(err); }

const char* errno_name(int err) noexcept { return ::strerrorname_np(err); }

std::string errno_text(int err) {
  const char* description = errno_description(err);
  const char* name = errno_name(err);
  if (description == nullptr) {
    return "unknown error " + std::to_string(err);
  }
  std::string text = description;
  if (name != nullptr) {
    text += " (";
    text += name;
    text += ")";
  }
  return text;
}

}  // namespace grade
