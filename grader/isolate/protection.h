// One protection of a run, as the report states it: whether it is in place here and, if
// not, why. Decided per grading by plan_sandbox (sandbox.h).
#pragma once

#include <string>

namespace grade::isolate {

struct Protection {
  std::string name;  // "private_view", "network", "own_uid", "landlock"
  bool in_place = false;
  std::string detail;  // what it guards against, or why it is missing
};

}  // namespace grade::isolate
