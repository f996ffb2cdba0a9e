#include "batch/attempt.h"

#include <array>
#include <cerrno>
#include <climits>
#include <cstddef>
#include <ctime>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/random.h>

#include "util/errno_text.h"
#include "util/error.h"

namespace grade::batch {

namespace {

using nlohmann::json;

// Thrown and caught inside attempt_from_result_json only: one exit for every bad field.
struct BadField {
  std::string message;
};

const json& member(const json& object, const char* key, std::string_view where) {
  const auto it = object.find(key);
  if (it == object.end()) {
    throw BadField{fmt::format("{}{} is missing", where, key)};
  }
  return *it;
}

std::string text_field(const json& object, const char* key, std::string_view where = "") {
  const json& value = member(object, key, where);
  if (!value.is_string()) {
    throw BadField{fmt::format("{}{} is not a string", where, key)};
  }
  return value.get<std::string>();
}

int count_field(const json& object, const char* key, std::string_view where = "") {
  const json& value = member(object, key, where);
  if (!value.is_number_integer() || value.get<std::int64_t>() < 0 ||
      value.get<std::int64_t>() > INT_MAX) {
    throw BadField{fmt::format("{}{} is not a count", where, key)};
  }
  return value.get<int>();
}

// A string that a document may leave out.
std::string optional_text_field(const json& object, const char* key, std::string_view where) {
  return object.contains(key) ? text_field(object, key, where) : std::string();
}

bool flag_field(const json& object, const char* key, std::string_view where,
                std::optional<bool> fallback = std::nullopt) {
  const auto it = object.find(key);
  if (it == object.end() && fallback) {
    return *fallback;
  }
  const json& value = member(object, key, where);
  if (!value.is_boolean()) {
    throw BadField{fmt::format("{}{} is not a boolean", where, key)};
  }
  return value.get<bool>();
}

DocumentCheck document_check(const json& check, std::size_t index) {
  const std::string where = fmt::format("checks[{}].", index);
  if (!check.is_object()) {
    throw BadField{fmt::format("checks[{}] is not an object", index)};
  }
  DocumentCheck result;
  CheckRow& row = result.row;
  row.id = text_field(check, "id", where);
  row.title = text_field(check, "title", where);
  const std::string status = text_field(check, "status", where);
  const auto parsed = check_status_from(status);
  if (!parsed) {
    throw BadField{fmt::format("{}status '{}' is not pass, fail or skip", where, status)};
  }
  row.status = *parsed;
  row.points = count_field(check, "points", where);
  row.max_points = count_field(check, "max_points", where);
  row.hidden = flag_field(check, "hidden", where, false);
  row.unobserved = flag_field(check, "unobserved", where);
  result.message = optional_text_field(check, "message", where);
  result.hint = optional_text_field(check, "hint", where);
  return result;
}

Attempt from_context(const GradingContext& context) {
  Attempt a;
  a.attempt_id = new_attempt_id();
  a.student = context.student;
  a.exercise = context.exercise;
  a.spec_sha256 = context.spec_sha256;
  a.started_at = context.started_at;
  a.seconds = context.seconds;
  a.host = context.host;
  a.grader_version = GRADE_VERSION;
  return a;
}

ResultDocument read_document(std::string_view text) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    throw BadField{"not a JSON object"};
  }
  ResultDocument d;
  d.exercise = text_field(member(doc, "exercise", ""), "id", "exercise.");
  d.grader_version = text_field(member(doc, "grader", ""), "version", "grader.");
  d.content_sha256 = text_field(member(doc, "submission", ""), "sha256", "submission.");
  const std::string status = text_field(doc, "status");
  const auto parsed = attempt_status_from(status);
  if (!parsed || *parsed == AttemptStatus::kMissing) {
    throw BadField{fmt::format("status '{}' is not passed, failed or error", status)};
  }
  d.status = *parsed;
  d.score = count_field(doc, "score");
  d.max_score = count_field(doc, "max_score");
  if (const auto scoring = doc.find("scoring"); scoring != doc.end() && !scoring->is_null()) {
    if (!scoring->is_object()) {
      throw BadField{"scoring is neither an object nor null"};
    }
    if (const auto reason = scoring->find("reason");
        reason != scoring->end() && !reason->is_null()) {
      d.score_reason = text_field(*scoring, "reason", "scoring.");
    }
  }
  const json& error = member(doc, "error", "");
  if (error.is_string()) {
    d.error = error.get<std::string>();
  } else if (!error.is_null()) {
    throw BadField{"error is neither a string nor null"};
  }
  if (const auto build = doc.find("build"); build != doc.end() && !build->is_null()) {
    if (!build->is_object()) {
      throw BadField{"build is neither an object nor null"};
    }
    d.build_failed = !flag_field(*build, "ok", "build.");
  }
  const json& checks = member(doc, "checks", "");
  if (!checks.is_array()) {
    throw BadField{"checks is not an array"};
  }
  for (std::size_t i = 0; i < checks.size(); ++i) {
    d.checks.push_back(document_check(checks[i], i));
  }
  return d;
}

Attempt parse_document(std::string_view text, const GradingContext& context) {
  ResultDocument d = read_document(text);
  if (d.exercise != context.exercise) {
    throw BadField{
        fmt::format("it is about exercise '{}', not '{}'", d.exercise, context.exercise)};
  }
  Attempt a = from_context(context);
  a.grader_version = std::move(d.grader_version);
  a.content_sha256 = std::move(d.content_sha256);
  a.status = d.status;
  a.score = d.score;
  a.max_score = d.max_score;
  a.error = std::move(d.error);
  for (DocumentCheck& c : d.checks) {
    a.checks.push_back(std::move(c.row));
  }
  a.result_json = std::string(text);
  return a;
}

}  // namespace

std::string_view to_string(AttemptStatus status) {
  switch (status) {
    case AttemptStatus::kPassed:
      return "passed";
    case AttemptStatus::kFailed:
      return "failed";
    case AttemptStatus::kError:
      return "error";
    case AttemptStatus::kMissing:
      return "missing";
  }
  return "error";
}

std::optional<AttemptStatus> attempt_status_from(std::string_view text) {
  for (const AttemptStatus s : {AttemptStatus::kPassed, AttemptStatus::kFailed,
                                AttemptStatus::kError, AttemptStatus::kMissing}) {
    if (text == to_string(s)) {
      return s;
    }
  }
  return std::nullopt;
}

std::optional<check::CheckStatus> check_status_from(std::string_view text) {
  using check::CheckStatus;
  for (const CheckStatus s : {CheckStatus::kPass, CheckStatus::kFail, CheckStatus::kSkip}) {
    if (text == check::to_string(s)) {
      return s;
    }
  }
  return std::nullopt;
}

Expected<ResultDocument> parse_result_document(std::string_view json_text) {
  try {
    return read_document(json_text);
  } catch (const BadField& bad) {
    return unexpected(bad.message);
  }
}

Expected<Attempt> attempt_from_result_json(std::string_view json_text,
                                           const GradingContext& context) {
  try {
    return parse_document(json_text, context);
  } catch (const BadField& bad) {
    return unexpected("result document of " + context.student + "/" + context.exercise + ": " +
                      bad.message);
  }
}

Attempt missing_attempt(const GradingContext& context, int max_score) {
  Attempt a = from_context(context);
  a.status = AttemptStatus::kMissing;
  a.max_score = max_score;
  return a;
}

Attempt error_attempt(const GradingContext& context, std::string content_sha256,
                      std::string error) {
  Attempt a = from_context(context);
  a.status = AttemptStatus::kError;
  a.content_sha256 = std::move(content_sha256);
  a.error = std::move(error);
  return a;
}

std::string new_attempt_id() {
  std::array<unsigned char, 16> bytes{};
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    const ssize_t n = ::getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (n < 0 && errno != EINTR) {
      throw Error(ErrorKind::kInternal, "no random attempt id: " + errno_text(errno));
    }
    filled += n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  std::string id;
  for (const unsigned char b : bytes) {
    id += fmt::format("{:02x}", b);
  }
  return id;
}

std::string utc_timestamp(std::chrono::system_clock::time_point time) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  const auto ms = duration_cast<milliseconds>(time.time_since_epoch()).count();
  // Floor division: times before 1970 would otherwise print a negative millisecond part.
  const auto ms_part = ((ms % 1000) + 1000) % 1000;
  const std::time_t seconds = static_cast<std::time_t>((ms - ms_part) / 1000);
  std::tm tm{};
  ::gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms_part);
}

bool is_attempt_id(std::string_view text) {
  return text.size() == 32 && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

bool is_utc_timestamp(std::string_view text) {
  // The same shape as the CHECK on attempts.started_at: digits where utc_timestamp puts them.
  constexpr std::string_view kShape = "0000-00-00T00:00:00.000Z";
  if (text.size() != kShape.size()) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == '0' ? !digit : text[i] != kShape[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace grade::batch
