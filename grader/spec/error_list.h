// The errors of one spec file, all of them: `grade validate` reports every mistake of a file at
// once rather than the first, so an author fixes a spec in one round instead of one per error.
#pragma once

#include <utility>
#include <vector>

#include "util/error.h"

namespace grade::spec {

class ErrorList {
 public:
  // Runs one independent step of a load (an extractor, a check, a top-level key). A spec error
  // it throws is kept and false returned, so the next step still runs; any other error (a bug,
  // a failed system call) propagates.
  template <class Step>
  bool attempt(Step&& step) {
    try {
      std::forward<Step>(step)();
      return true;
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kSpec) {
        throw;
      }
      errors_.push_back(e);
      return false;
    }
  }

  void add(Error error) { errors_.push_back(std::move(error)); }
  bool empty() const { return errors_.empty(); }
  const std::vector<Error>& errors() const { return errors_; }
  // For callers that stop at the first problem (grading): the first error, in file order.
  void throw_first() const {
    if (!errors_.empty()) {
      throw errors_.front();
    }
  }

 private:
  std::vector<Error> errors_;
};

}  // namespace grade::spec
