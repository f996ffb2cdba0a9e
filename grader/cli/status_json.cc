// `grade status --format json` (cli/status_command.h).
#include <array>
#include <ctime>

#include <nlohmann/json.hpp>

#include "cli/grade_history.h"
#include "cli/status_command.h"

namespace grade::cli {

namespace {

using json = nlohmann::json;

std::string iso_time(history::Time t) {
  const std::time_t seconds = static_cast<std::time_t>(t);
  std::tm parts{};
  (void)::gmtime_r(&seconds, &parts);
  std::array<char, 32> text{};
  (void)std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text.data();
}

json entry_json(const history::Entry& entry) {
  const history::Attempt& last = entry.last;
  json document = {{"last",
                    {{"time", iso_time(last.time)},
                     {"file", last.file},
                     {"sha256", last.sha256},
                     {"verdict", last.verdict},
                     {"score", last.score},
                     {"max_score", last.max_score}}},
                   {"standing", nullptr},
                   {"standing_since", nullptr},
                   {"change", nullptr}};
  if (!entry.standing.empty()) {
    document["standing"] = entry.standing;
    document["standing_since"] = iso_time(entry.standing_since);
  }
  if (entry.change) {
    document["change"] = {{"time", iso_time(entry.change->time)},
                          {"from", entry.change->from},
                          {"to", entry.change->to}};
  }
  return document;
}

}  // namespace

std::string status_json(const Context& ctx, const std::vector<StatusRow>& rows) {
  json exercises = json::array();
  for (const StatusRow& row : rows) {
    json item = {{"exercise", row.exercise},
                 {"file", row.file.empty() ? json(nullptr) : json(row.file)},
                 {"files_found", row.candidates},
                 {"changed_since_graded", row.changed},
                 {"problem", row.problem.empty() ? json(nullptr) : json(row.problem)}};
    item.update(row.entry ? entry_json(*row.entry)
                          : json{{"last", nullptr},
                                 {"standing", nullptr},
                                 {"standing_since", nullptr},
                                 {"change", nullptr}});
    exercises.push_back(std::move(item));
  }
  const json document = {{"status_version", 1},
                         {"course", ctx.course.id},
                         {"folder", history_key(ctx.course, ctx.cwd, "").folder},
                         {"passed", passed_count(rows)},
                         {"total", rows.size()},
                         {"exercises", std::move(exercises)}};
  return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace grade::cli
