#include "check/listing.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "util/text.h"

namespace grade::check {

std::optional<double> parse_number(std::string_view s) {
  double value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<int> whole_int(double n) {
  if (n != std::floor(n) || n < std::numeric_limits<int>::min() ||
      n > std::numeric_limits<int>::max()) {
    return std::nullopt;
  }
  return static_cast<int>(n);
}

std::string quote_list(const std::vector<std::string>& items) {
  std::vector<std::string> shown;
  for (std::size_t i = 0; i < items.size() && i < kMaxListed; ++i) {
    shown.push_back("'" + text::escape_control(items[i]) + "'");
  }
  std::string out = text::join(shown, ", ");
  if (items.size() > kMaxListed) {
    out += fmt::format(" and {} more", items.size() - kMaxListed);
  }
  return out;
}

// Linear: a flood of values must not make grading slower than the run that printed them.
std::string tally(const std::vector<std::string>& values) {
  std::vector<std::pair<std::string_view, int>> counts;
  std::unordered_map<std::string_view, std::size_t> slot;
  for (const std::string& v : values) {
    const auto [it, inserted] = slot.try_emplace(v, counts.size());
    if (inserted) {
      counts.emplace_back(v, 0);
    }
    ++counts[it->second].second;
  }
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < counts.size() && i < kMaxListed; ++i) {
    const auto& [value, n] = counts[i];
    const std::string shown = text::escape_control(value);
    parts.push_back(n == 1   ? shown
                    : n == 2 ? fmt::format("{} (twice)", shown)
                             : fmt::format("{} ({} times)", shown, n));
  }
  std::string out = text::join(parts, ", ");
  if (counts.size() > kMaxListed) {
    out += fmt::format(" and {} more", counts.size() - kMaxListed);
  }
  return out;
}

std::string id_list(const std::vector<int>& ids) {
  std::vector<std::string> shown;
  for (std::size_t i = 0; i < ids.size() && i < kMaxListed; ++i) {
    shown.push_back(std::to_string(ids[i]));
  }
  std::string out = text::join(shown, ", ");
  if (ids.size() > kMaxListed) {
    out += fmt::format(" and {} more", ids.size() - kMaxListed);
  }
  return out;
}

namespace {

// A whole number written with leading zeros or a sign is that number ("007244" is 7244, as
// `in` and `==` read it); any other text is itself.
std::string compared_as(const std::string& value) {
  const std::size_t digits = value.starts_with('+') || value.starts_with('-') ? 1 : 0;
  if (value.size() == digits || !std::all_of(value.begin() + static_cast<long>(digits), value.end(),
                                             [](char c) { return c >= '0' && c <= '9'; })) {
    return value;
  }
  const std::size_t first = value.find_first_not_of('0', digits);
  if (first == std::string::npos) {
    return "0";
  }
  return (value.starts_with('-') ? "-" : "") + value.substr(first);
}

}  // namespace

std::size_t distinct_count(std::vector<std::string> values) {
  std::transform(values.begin(), values.end(), values.begin(), compared_as);
  std::sort(values.begin(), values.end());
  return static_cast<std::size_t>(std::unique(values.begin(), values.end()) - values.begin());
}

bool compare(double lhs, spec::Op op, double rhs) {
  switch (op) {
    case spec::Op::kEq:
      return lhs == rhs;
    case spec::Op::kNe:
      return lhs != rhs;
    case spec::Op::kLt:
      return lhs < rhs;
    case spec::Op::kLe:
      return lhs <= rhs;
    case spec::Op::kGt:
      return lhs > rhs;
    case spec::Op::kGe:
      return lhs >= rhs;
    case spec::Op::kIn:
    case spec::Op::kNotIn:
      break;  // membership is decided against a set, in check_each
  }
  return false;
}

std::string seconds_text(double seconds) {
  // Three decimals read best; below a millisecond they would show 0.000, so keep six.
  return std::abs(seconds) >= 0.001 || seconds == 0 ? fmt::format("{:.3f} s", seconds)
                                                    : fmt::format("{:.6f} s", seconds);
}

}  // namespace grade::check
