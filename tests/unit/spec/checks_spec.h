// Test support for the check vocabulary: a spec of the one extractor `pid_line` (capture
// `pid`) and the given checks, loaded, or the message of the error loading it throws.
#pragma once

#include <string>

#include "support/spec_file.h"
#include "util/error.h"

namespace grade::testing {

inline spec::Exercise load_checks(const std::string& checks) {
  return SpecFile(std::string(kPidLineSpecHead) + checks).load();
}

// The message without the file name ("ex.yaml"), so from ":line:col: ...", or "" when the
// spec loads.
inline std::string load_checks_error(const std::string& checks) {
  try {
    (void)load_checks(checks);
  } catch (const Error& e) {
    const std::string what = e.what();
    return what.substr(what.find("ex.yaml") + std::string("ex.yaml").size());
  }
  return "";
}

}  // namespace grade::testing
