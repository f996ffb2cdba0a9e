// A minimal `expected`: a value or an error message (std::expected is C++23).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "util/error.h"

namespace grade {

struct Unexpected {
  std::string message;
};

inline Unexpected unexpected(std::string message) { return Unexpected{std::move(message)}; }

// Where a call was made. std::source_location would do, but clang 14 cannot compile libstdc++'s;
// these builtins, as default arguments, are evaluated at the caller by both GCC and clang.
struct CallSite {
  const char* file = __builtin_FILE();
  int line = __builtin_LINE();
  const char* function = __builtin_FUNCTION();
};

namespace expected_detail {

// Error(kind, "context: error"), or the error alone when there is no context.
[[noreturn]] inline void throw_error(ErrorKind kind, std::string_view context,
                                     const std::string& error) {
  throw Error(kind, context.empty() ? error : std::string(context) + ": " + error);
}

// The value of a failure was asked for: a bug of the grader, reported with where it was asked.
[[noreturn]] inline void throw_no_value(const std::string& error, const CallSite& at) {
  throw_error(ErrorKind::kInternal,
              std::string("the value of a failed operation was used at ") + at.file + ":" +
                  std::to_string(at.line) + " (" + at.function + ")",
              error);
}

}  // namespace expected_detail

template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T value)
      : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Expected(Unexpected error)
      : state_(std::in_place_index<1>, std::move(error.message)) {}  // NOLINT

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  // The value; on a failure an internal Error that says where the value was asked for and
  // what the failure was (check has_value() first, or use value_or_throw()).
  T& value(CallSite at = {}) & {
    check(at);
    return std::get<0>(state_);
  }
  const T& value(CallSite at = {}) const& {
    check(at);
    return std::get<0>(state_);
  }
  T&& value(CallSite at = {}) && {
    check(at);
    return std::get<0>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // The value, or Error(kind, "context: error") (the error alone when `context` is empty):
  // where a failure crosses into a layer that reports errors by throwing.
  T& value_or_throw(ErrorKind kind, std::string_view context = {}) & {
    if (!has_value()) {
      expected_detail::throw_error(kind, context, error());
    }
    return std::get<0>(state_);
  }
  T&& value_or_throw(ErrorKind kind, std::string_view context = {}) && {
    if (!has_value()) {
      expected_detail::throw_error(kind, context, error());
    }
    return std::get<0>(std::move(state_));
  }

  const std::string& error() const { return std::get<1>(state_); }

 private:
  void check(const CallSite& at) const {
    if (!has_value()) {
      expected_detail::throw_no_value(error(), at);
    }
  }

  std::variant<T, std::string> state_;
};

template <>
class [[nodiscard]] Expected<void> {
 public:
  Expected() = default;
  Expected(Unexpected error) : error_(std::move(error.message)), ok_(false) {}  // NOLINT

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const std::string& error() const { return error_; }

  // Nothing, or Error(kind, "context: error") (the error alone when `context` is empty).
  void value_or_throw(ErrorKind kind, std::string_view context = {}) const {
    if (!ok_) {
      expected_detail::throw_error(kind, context, error_);
    }
  }

 private:
  std::string error_;
  bool ok_ = true;
};

}  // namespace grade
