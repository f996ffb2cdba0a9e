// How checks show values in messages: quoted, tallied, listed, each list cut at kMaxListed
// items so a flood of output cannot make a message (or grading) grow with it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/exercise.h"

namespace grade::check {

constexpr std::size_t kMaxListed = 8;

// A decimal number as the spec reads one: "42", "-0.5", "1.5e-05"; not "0x10" or "+3".
std::optional<double> parse_number(std::string_view s);
// `n` as an int when it is a whole number that fits one (a PID); nullopt otherwise. Casting a
// double out of int's range is undefined, and a program may print any number.
std::optional<int> whole_int(double n);
// "'a', 'b' and 3 more", escaped.
std::string quote_list(const std::vector<std::string>& items);
// "4101 (twice), 4102", in order of first appearance.
std::string tally(const std::vector<std::string>& values);
// "4101, 4102, 4103".
std::string id_list(const std::vector<int>& ids);
// How many different values: a whole number counts once however it is written ("7244",
// "07244", "+7244"), as `in` and `==` compare it; other text as it is.
std::size_t distinct_count(std::vector<std::string> values);
// lhs op rhs for the ordering and equality operators (membership is decided elsewhere).
bool compare(double lhs, spec::Op op, double rhs);
// A number of seconds as messages show it: "0.512 s", "0.000412 s".
std::string seconds_text(double seconds);

}  // namespace grade::check
