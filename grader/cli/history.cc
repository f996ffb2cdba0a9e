#include "cli/history.h"

#include <algorithm>
#include <array>
#include <utility>

#include <nlohmann/json.hpp>

namespace grade::cli::history {

namespace {

using json = nlohmann::json;

constexpr std::string_view kFormat = "grade-history";
constexpr int kVersion = 1;
constexpr std::size_t kMaxChecks = 1000;

bool is_graded(std::string_view verdict) { return verdict == "passed" || verdict == "failed"; }

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// Typed reading that never throws: each getter leaves `ok` false on a missing or mistyped
// member, so one test at the end says whether the document was whole.
struct Reader {
  bool ok = true;

  const json& member(const json& object, const char* name) {
    static const json kNull;
    if (!object.is_object() || !object.contains(name)) {
      ok = false;
      return kNull;
    }
    return object.at(name);
  }
  std::string text(const json& object, const char* name) {
    const json& value = member(object, name);
    ok = ok && value.is_string();
    return value.is_string() ? value.get<std::string>() : std::string();
  }
  std::int64_t number(const json& object, const char* name) {
    const json& value = member(object, name);
    ok = ok && value.is_number_integer();
    return value.is_number_integer() ? value.get<std::int64_t>() : 0;
  }
  bool flag(const json& object, const char* name) {
    const json& value = member(object, name);
    ok = ok && value.is_boolean();
    return value.is_boolean() && value.get<bool>();
  }
};

json attempt_json(const Attempt& attempt) {
  json checks = json::array();
  for (const CheckState& check : attempt.checks) {
    checks.push_back({{"id", check.id}, {"status", check.status}, {"advice", check.advice}});
  }
  return {{"time", attempt.time},       {"file", attempt.file},   {"sha256", attempt.sha256},
          {"verdict", attempt.verdict}, {"score", attempt.score}, {"max_score", attempt.max_score},
          {"checks", std::move(checks)}};
}

Attempt read_attempt(Reader& in, const json& object) {
  Attempt attempt;
  attempt.time = in.number(object, "time");
  attempt.file = in.text(object, "file");
  attempt.sha256 = in.text(object, "sha256");
  attempt.verdict = in.text(object, "verdict");
  attempt.score = static_cast<int>(in.number(object, "score"));
  attempt.max_score = static_cast<int>(in.number(object, "max_score"));
  const json& checks = in.member(object, "checks");
  in.ok = in.ok && checks.is_array() && checks.size() <= kMaxChecks &&
          is_one_of(attempt.verdict, {"passed", "failed", "error"});
  if (!in.ok) {
    return attempt;
  }
  for (const json& check : checks) {
    CheckState state{in.text(check, "id"), in.text(check, "status"), in.flag(check, "advice")};
    in.ok = in.ok && is_one_of(state.status, {"pass", "fail", "skip"});
    attempt.checks.push_back(std::move(state));
  }
  return attempt;
}

std::optional<VerdictChange> read_change(Reader& in, const json& document) {
  const json& change = in.member(document, "change");
  if (change.is_null()) {
    return std::nullopt;
  }
  VerdictChange read{in.number(change, "time"), in.text(change, "from"), in.text(change, "to")};
  in.ok = in.ok && is_graded(read.from) && is_graded(read.to) && read.from != read.to;
  return read;
}

}  // namespace

Attempt attempt_of(const check::GradeResult& result, std::string file, Time time) {
  Attempt attempt;
  attempt.time = time;
  attempt.file = std::move(file);
  attempt.sha256 = result.submission.sha256;
  attempt.verdict = std::string(check::to_string(result.status));
  attempt.score = result.score;
  attempt.max_score = result.max_score;
  for (const check::CheckResult& c : result.checks) {
    attempt.checks.push_back({c.id, std::string(check::to_string(c.status)), c.advice});
  }
  return attempt;
}

Entry advance(const std::optional<Entry>& previous, const Key& key, Attempt attempt) {
  Entry entry;
  entry.key = key;
  if (previous) {
    entry.standing = previous->standing;
    entry.standing_since = previous->standing_since;
    entry.change = previous->change;
  }
  if (is_graded(attempt.verdict) && attempt.verdict != entry.standing) {
    if (!entry.standing.empty()) {
      entry.change = VerdictChange{attempt.time, entry.standing, attempt.verdict};
    }
    entry.standing = attempt.verdict;
    entry.standing_since = attempt.time;
  }
  entry.last = std::move(attempt);
  return entry;
}

std::string to_json(const Entry& entry) {
  json change = nullptr;
  if (entry.change) {
    change = {{"time", entry.change->time}, {"from", entry.change->from}, {"to", entry.change->to}};
  }
  const json document = {{"format", kFormat},
                         {"version", kVersion},
                         {"course", entry.key.course},
                         {"folder", entry.key.folder},
                         {"exercise", entry.key.exercise},
                         {"last", attempt_json(entry.last)},
                         {"standing", entry.standing},
                         {"standing_since", entry.standing_since},
                         {"change", std::move(change)}};
  // Replaced, not thrown on: a file name need not be UTF-8.
  return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::optional<Entry> from_json(std::string_view text, const Key& key) {
  const json document = json::parse(text, nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    return std::nullopt;
  }
  Reader in;
  Entry entry;
  const bool ours =
      in.text(document, "format") == kFormat && in.number(document, "version") == kVersion;
  entry.key = {in.text(document, "course"), in.text(document, "folder"),
               in.text(document, "exercise")};
  entry.last = read_attempt(in, in.member(document, "last"));
  entry.standing = in.text(document, "standing");
  entry.standing_since = in.number(document, "standing_since");
  entry.change = read_change(in, document);
  const bool same_key = entry.key.course == key.course && entry.key.folder == key.folder &&
                        entry.key.exercise == key.exercise;
  if (!in.ok || !ours || !same_key || !(entry.standing.empty() || is_graded(entry.standing))) {
    return std::nullopt;
  }
  return entry;
}

}  // namespace grade::cli::history
