#include "cli/history_text.h"

#include <algorithm>
#include <array>
#include <ctime>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "util/text.h"

namespace grade::cli::history {

namespace {

constexpr Time kMinute = 60;
constexpr Time kHour = 60 * kMinute;
constexpr Time kRecent = 12 * kHour;     // beyond, a clock time says more than "N h ago"
constexpr std::size_t kNamedChecks = 4;  // a longer list ends "and N more"

std::tm local(Time t) {
  const std::time_t seconds = static_cast<std::time_t>(t);
  std::tm parts{};
  (void)::localtime_r(&seconds, &parts);
  return parts;
}

// English whatever the locale, as the rest of the report.
std::string moment(Time then, Time now) {
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::tm at = local(then);
  const std::tm today = local(now);
  const char* month = kMonths.at(static_cast<std::size_t>(at.tm_mon));
  if (at.tm_year != today.tm_year) {
    return fmt::format("{} {} {}", at.tm_mday, month, at.tm_year + 1900);
  }
  const std::string clock = fmt::format("{:02}:{:02}", at.tm_hour, at.tm_min);
  return at.tm_yday == today.tm_yday ? clock : fmt::format("{} {} {}", at.tm_mday, month, clock);
}

// The ids of the checks graded both times whose status went from one of `was` to `is`;
// a check not graded before counts as "skip".
std::vector<std::string> moved(const Attempt& before, const Attempt& now,
                               std::initializer_list<std::string_view> was, std::string_view is) {
  std::vector<std::string> ids;
  for (const CheckState& check : now.checks) {
    if (check.advice || check.status != is) {
      continue;
    }
    std::string_view earlier = "skip";
    for (const CheckState& old : before.checks) {
      if (old.id == check.id) {
        earlier = old.status;
      }
    }
    if (std::find(was.begin(), was.end(), earlier) != was.end()) {
      ids.push_back(check.id);
    }
  }
  return ids;
}

// "now passing a, b, c, d and 2 more"
std::string group(std::string_view label, const std::vector<std::string>& ids) {
  if (ids.size() <= kNamedChecks) {
    return fmt::format("{} {}", label, text::join(ids, ", "));
  }
  const std::vector<std::string> named(ids.begin(), ids.begin() + kNamedChecks);
  return fmt::format("{} {} and {} more", label, text::join(named, ", "),
                     ids.size() - kNamedChecks);
}

bool same_result(const Attempt& before, const Attempt& now) {
  if (before.verdict != now.verdict || before.score != now.score ||
      before.max_score != now.max_score || before.checks.size() != now.checks.size()) {
    return false;
  }
  for (std::size_t i = 0; i < now.checks.size(); ++i) {
    if (before.checks[i].id != now.checks[i].id ||
        before.checks[i].status != now.checks[i].status) {
      return false;
    }
  }
  return true;
}

// After a different result of the same file. Checks skipped then (an option, or a failure that
// stopped the grading early) and graded now are no sign that the runs differed; a check that
// went between pass and fail is.
const char* same_file_note(const Attempt& before, const Attempt& now) {
  const bool flipped = !moved(before, now, {"fail"}, "pass").empty() ||
                       !moved(before, now, {"pass"}, "fail").empty();
  const bool newly_graded = !moved(before, now, {"skip"}, "pass").empty() ||
                            !moved(before, now, {"skip"}, "fail").empty();
  if (!flipped && newly_graded) {
    return " The file has not changed since: the checks skipped then were graded now.";
  }
  return " The file has not changed since: the runs behaved differently.";
}

}  // namespace

std::string when(Time then, Time now) {
  const Time elapsed = now - then;
  if (elapsed < kMinute) {
    return "just now";
  }
  if (elapsed < kHour) {
    return fmt::format("{} min ago", elapsed / kMinute);
  }
  if (elapsed < kRecent) {
    return fmt::format("{} h ago", elapsed / kHour);
  }
  return moment(then, now);
}

std::string change_line(const Attempt& before, const Attempt& now) {
  const bool same_file = !now.sha256.empty() && before.sha256 == now.sha256;
  const std::string ago = when(before.time, now.time);
  if (same_result(before, now)) {
    return fmt::format("Same result as your last attempt ({}){}.", ago,
                       same_file ? "; the file has not changed since" : "");
  }
  std::vector<std::string> parts;
  if (auto ids = moved(before, now, {"fail", "skip"}, "pass"); !ids.empty()) {
    parts.push_back(group("now passing", ids));
  }
  if (auto ids = moved(before, now, {"pass", "skip"}, "fail"); !ids.empty()) {
    parts.push_back(group("now failing", ids));
  }
  if (auto ids = moved(before, now, {"fail"}, "fail"); !ids.empty()) {
    parts.push_back(group("still failing", ids));
  }
  if (parts.empty()) {  // no check to name: an error, or only skipped checks differ
    parts.push_back(fmt::format("{} {}/{} then, {} {}/{} now", before.verdict, before.score,
                                before.max_score, now.verdict, now.score, now.max_score));
  }
  return fmt::format("Since your last attempt ({}): {}.{}", ago, text::join(parts, "; "),
                     same_file ? same_file_note(before, now) : "");
}

std::string verdict_story(const Entry& entry, Time now) {
  if (entry.standing.empty()) {
    return "";
  }
  if (entry.change && now - entry.change->time < kRecent) {
    return fmt::format("{} → {} {}", entry.change->from, entry.change->to,
                       when(entry.change->time, now));
  }
  return fmt::format("{} since {}", entry.standing == "passed" ? "passing" : "failing",
                     moment(entry.standing_since, now));
}

}  // namespace grade::cli::history
