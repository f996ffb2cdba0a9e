#include "spec/yaml_reader.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <optional>
#include <span>

#include <fmt/format.h>
#include <re2/re2.h>

#include "util/error.h"
#include "util/text.h"

namespace grade::spec {

namespace {

std::string_view kind_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

enum class NumberForm { kNotANumber, kFinite, kNonFinite, kOutOfRange };

// Reads `s` as a decimal number. Non-finite spellings (from_chars' "nan", "inf" and YAML's
// ".nan", ".inf") and values beyond a double's range are recognised as numbers, so that they
// are rejected as such rather than quietly compared as text.
NumberForm parse_number(std::string_view s, double& value) {
  std::string_view body = s;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
    body.remove_prefix(1);
  }
  constexpr std::array<std::string_view, 6> kYamlNonFinite = {".nan", ".NaN", ".NAN",
                                                              ".inf", ".Inf", ".INF"};
  if (std::find(kYamlNonFinite.begin(), kYamlNonFinite.end(), body) != kYamlNonFinite.end()) {
    return NumberForm::kNonFinite;
  }
  // from_chars takes a leading '-' but not a '+'; "+-1" must stay text.
  std::string_view digits = s;
  if (!digits.empty() && digits.front() == '+') {
    digits.remove_prefix(1);
    if (!digits.empty() && digits.front() == '-') {
      return NumberForm::kNotANumber;
    }
  }
  const char* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, value);
  if (digits.empty() || ptr != end) {
    return NumberForm::kNotANumber;
  }
  if (ec == std::errc::result_out_of_range) {
    return NumberForm::kOutOfRange;
  }
  if (ec != std::errc()) {
    return NumberForm::kNotANumber;
  }
  return std::isfinite(value) ? NumberForm::kFinite : NumberForm::kNonFinite;
}

struct Unit {
  std::string_view name;
  double scale;  // in the base unit: milliseconds, bytes
};

constexpr std::array<Unit, 4> kDurationUnits = {Unit{"ms", 1}, Unit{"s", 1000}, Unit{"m", 60'000},
                                                Unit{"min", 60'000}};
constexpr std::array<Unit, 5> kSizeUnits = {Unit{"", 1}, Unit{"B", 1}, Unit{"KiB", 1024},
                                            Unit{"MiB", 1024.0 * 1024},
                                            Unit{"GiB", 1024.0 * 1024 * 1024}};

// "1.5s" with the duration units is 1500 (ms). Nullopt unless the text is digits (with an
// optional '.') followed by one of `units`.
std::optional<double> scaled_quantity(std::string_view text, std::span<const Unit> units) {
  const std::size_t end = text.find_first_not_of("0123456789.");
  const std::string_view number = text.substr(0, end);
  if (number.empty()) {
    return std::nullopt;
  }
  double value = 0;
  const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ptr != number.data() + number.size()) {
    return std::nullopt;
  }
  if (ec == std::errc::result_out_of_range) {
    // Too many digits for a double: huge if there is a whole part, else indistinguishable from
    // zero. Either way the range checks of the caller give the right message.
    const std::string_view whole = number.substr(0, number.find('.'));
    value = whole.find_first_not_of('0') != std::string_view::npos ? HUGE_VAL : 0.0;
  } else if (ec != std::errc()) {
    return std::nullopt;
  }
  const std::string_view unit = text::trim(text.substr(number.size()));
  for (const Unit& u : units) {
    if (unit == u.name) {
      return value * u.scale;
    }
  }
  return std::nullopt;
}

// A duration or size in the largest unit that shows it exactly: 3600000 ms is "60m".
std::string format_quantity(double base, std::span<const Unit> units) {
  const Unit* best = &units.front();
  for (const Unit& u : units) {
    if (u.scale > best->scale && std::fmod(base, u.scale) == 0) {
      best = &u;
    }
  }
  return fmt::format("{}{}", base / best->scale, best->name);
}

// "800000" for "800_000" (also "-1_000.5"): digits grouped by underscores between digits,
// with an optional sign and fraction. Nullopt for anything else.
std::optional<std::string> without_underscores(std::string_view s) {
  if (s.find('_') == std::string_view::npos) {
    return std::nullopt;
  }
  std::string plain;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    const bool digit_around = i > 0 && i + 1 < s.size() && is_digit(s[i - 1]) && is_digit(s[i + 1]);
    if (s[i] == '_' && digit_around) {
      continue;
    }
    plain += s[i];
  }
  double value = 0;
  if (plain.find('_') != std::string::npos || parse_number(plain, value) != NumberForm::kFinite) {
    return std::nullopt;
  }
  return plain;
}

std::string_view as_view(re2::StringPiece piece) { return {piece.data(), piece.size()}; }

// Where a YAML error on line `line` (0-based) of `path` comes from an unquoted `>` or `>=`
// ("op: >"), which YAML takes for the start of a folded block of text: the advice, at the
// `>`. The error may be reported on the line after it.
std::optional<std::string> unquoted_indicator_advice(const std::string& path, int line) {
  std::ifstream in(path);
  std::string text;
  static const RE2 kKeyThenIndicator(R"((?:^|[\s{,])([A-Za-z_][\w-]*):\s+(>=?)\s*(?:[,}#]|$))");
  for (int n = 0; n <= line && std::getline(in, text); ++n) {
    re2::StringPiece key;
    re2::StringPiece symbol;
    if (n >= line - 1 && RE2::PartialMatch(text, kKeyThenIndicator, &key, &symbol)) {
      return fmt::format(
          "{}:{}:{}: `{}` must be quoted in YAML, where it starts a folded block of "
          "text: write {}: '{}'",
          path, n + 1, symbol.data() - text.data() + 1, as_view(symbol), as_view(key),
          as_view(symbol));
    }
  }
  return std::nullopt;
}

}  // namespace

YAML::Node load_yaml_file(const std::string& path) {
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw Error(ErrorKind::kSpec, fmt::format("{}: cannot read the file", path));
  } catch (const YAML::Exception& e) {
    if (auto advice = unquoted_indicator_advice(path, e.mark.line)) {
      throw Error(ErrorKind::kSpec, *advice);
    }
    throw Error(ErrorKind::kSpec, fmt::format("{}:{}:{}: invalid YAML: {}", path, e.mark.line + 1,
                                              e.mark.column + 1, e.msg));
  }
}

Location YamlReader::where(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) {
    return Location{file_, 0, 0};
  }
  return Location{file_, mark.line + 1, mark.column + 1};
}

void YamlReader::fail(const YAML::Node& node, std::string_view message) const {
  throw Error(ErrorKind::kSpec, fmt::format("{}: {}", where(node).str(), message));
}

std::string YamlReader::string(const YAML::Node& node, std::string_view what) const {
  if (!node.IsScalar()) {
    fail(node, fmt::format("{} must be a string, found {}", what, kind_name(node)));
  }
  return node.Scalar();
}

std::int64_t YamlReader::integer(const YAML::Node& node, std::string_view what) const {
  const std::string s = string(node, what);
  reject_underscored_number(node, what);
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) {
    fail(node, fmt::format("{} must be a whole number, found '{}'", what, s));
  }
  return value;
}

bool YamlReader::boolean(const YAML::Node& node, std::string_view what) const {
  const std::string s = string(node, what);
  if (node.Tag() != "!") {  // a quoted "true" is text
    if (s == "true") {
      return true;
    }
    if (s == "false") {
      return false;
    }
  }
  fail(node, fmt::format("{} must be true or false, found '{}'", what, s));
}

void YamlReader::reject_underscored_number(const YAML::Node& node, std::string_view what) const {
  if (!node.IsScalar() || node.Tag() == "!") {  // a quoted "800_000" is text on purpose
    return;
  }
  if (const auto plain = without_underscores(node.Scalar())) {
    fail(node, fmt::format("{} '{}' is text here; write numbers without underscores: {}", what,
                           node.Scalar(), *plain));
  }
}

bool YamlReader::is_number(const YAML::Node& node) const {
  if (!node.IsScalar() || node.Tag() == "!") {  // a quoted scalar is a string
    return false;
  }
  double value = 0;
  return parse_number(node.Scalar(), value) != NumberForm::kNotANumber;
}

double YamlReader::number(const YAML::Node& node, std::string_view what) const {
  double value = 0;
  const NumberForm form =
      is_number(node) ? parse_number(node.Scalar(), value) : NumberForm::kNotANumber;
  switch (form) {
    case NumberForm::kFinite:
      return value;
    case NumberForm::kNonFinite:
      fail(node, fmt::format("{} must be a finite number, found '{}'", what, node.Scalar()));
    case NumberForm::kOutOfRange:
      fail(node, fmt::format("{} '{}' is out of range (too large, or too close to zero)", what,
                             node.Scalar()));
    case NumberForm::kNotANumber:
      break;
  }
  reject_underscored_number(node, what);
  fail(node,
       fmt::format("{} must be a number, found {}", what,
                   node.IsScalar() ? "'" + node.Scalar() + "'" : std::string(kind_name(node))));
}

std::vector<std::string> YamlReader::string_list(const YAML::Node& node,
                                                 std::string_view what) const {
  if (node.IsScalar()) {  // a single item may be written without brackets
    return {node.Scalar()};
  }
  if (!node.IsSequence()) {
    fail(node, fmt::format("{} must be a list of strings, found {}", what, kind_name(node)));
  }
  std::vector<std::string> items;
  for (const YAML::Node& item : node) {
    items.push_back(string(item, what));
  }
  return items;
}

std::chrono::milliseconds YamlReader::duration(const YAML::Node& node, std::string_view what,
                                               std::chrono::milliseconds max) const {
  const std::string s = string(node, what);
  const std::optional<double> ms = scaled_quantity(s, kDurationUnits);
  if (!ms || *ms <= 0) {
    fail(node, fmt::format("{} must be a positive duration such as 500ms, 10s or 2m, found '{}'",
                           what, s));
  }
  const auto limit = static_cast<double>(max.count());
  if (*ms > limit) {
    fail(node, fmt::format("{} must be at most {}, found '{}'", what,
                           format_quantity(limit, kDurationUnits), s));
  }
  // Limits are enforced in whole milliseconds; 0.4ms would become no time at all.
  const long long rounded = std::llround(*ms);
  if (rounded < 1) {
    fail(node, fmt::format("{} must be at least 1ms, found '{}'", what, s));
  }
  return std::chrono::milliseconds(rounded);
}

std::size_t YamlReader::byte_size(const YAML::Node& node, std::string_view what,
                                  std::size_t max) const {
  const std::string s = string(node, what);
  const std::optional<double> bytes = scaled_quantity(s, kSizeUnits);
  if (!bytes || *bytes <= 0) {
    fail(node, fmt::format("{} must be a positive size such as 65536, 64KiB or 1MiB, found '{}'",
                           what, s));
  }
  const auto limit = static_cast<double>(max);
  if (*bytes > limit) {
    fail(node, fmt::format("{} must be at most {}, found '{}'", what,
                           format_quantity(limit, kSizeUnits), s));
  }
  const long long rounded = std::llround(*bytes);
  if (rounded < 1) {
    fail(node, fmt::format("{} must be at least 1 byte, found '{}'", what, s));
  }
  return static_cast<std::size_t>(rounded);
}

std::string YamlReader::identifier(const YAML::Node& node, std::string_view what) const {
  std::string s = string(node, what);
  const bool ok = !s.empty() &&
                  (std::isalpha(static_cast<unsigned char>(s[0])) != 0 || s[0] == '_') &&
                  std::all_of(s.begin(), s.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
                  });
  if (!ok) {
    fail(node,
         fmt::format("{} '{}' must start with a letter and hold only letters, digits, _ and -",
                     what, s));
  }
  return s;
}

std::vector<std::pair<YAML::Node, YAML::Node>> YamlReader::entries(const YAML::Node& node,
                                                                   std::string_view what) const {
  if (!node.IsMap()) {
    fail(node,
         fmt::format("{} must be a mapping of keys to values, found {}", what, kind_name(node)));
  }
  // yaml-cpp keeps every entry of a key written twice, but a lookup sees only the first: the
  // second would be silently ignored.
  std::vector<std::pair<YAML::Node, YAML::Node>> result;
  for (const auto& entry : node) {
    const std::string key = string(entry.first, fmt::format("a key of {}", what));
    const auto earlier = std::find_if(result.begin(), result.end(),
                                      [&](const auto& e) { return e.first.Scalar() == key; });
    if (earlier != result.end()) {
      fail(entry.first, fmt::format("key '{}' appears twice in {} (first at line {})", key, what,
                                    where(earlier->first).line));
    }
    result.emplace_back(entry.first, entry.second);
  }
  return result;
}

}  // namespace grade::spec
