// Test support: finding one check's result by id.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "check/result.h"

namespace grade::testing {

inline const check::CheckResult& by_id(const std::vector<check::CheckResult>& results,
                                       const std::string& id) {
  for (const check::CheckResult& r : results) {
    if (r.id == id) {
      return r;
    }
  }
  throw std::logic_error("no check " + id);
}

}  // namespace grade::testing
