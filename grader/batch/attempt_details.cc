#include "batch/attempt_details.h"

#include <nlohmann/json.hpp>

namespace grade::batch {

namespace {

using nlohmann::json;

std::string text_of(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<double> number_of(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number() ? std::optional<double>(it->get<double>())
                                               : std::nullopt;
}

int int_of(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int>() : 0;
}

bool flag_of(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

const json& member_of(const json& object, const char* key) {
  static const json kNull;
  const auto it = object.find(key);
  return it != object.end() ? *it : kNull;
}

const json& array_of(const json& object, const char* key) {
  static const json kEmpty = json::array();
  const json& value = member_of(object, key);
  return value.is_array() ? value : kEmpty;
}

check::CheckResult check_of(const json& c) {
  check::CheckResult check;
  check.id = text_of(c, "id");
  check.title = text_of(c, "title");
  check.status = check_status_from(text_of(c, "status")).value_or(check::CheckStatus::kSkip);
  check.points = int_of(c, "points");
  check.max_points = int_of(c, "max_points");
  check.message = text_of(c, "message");
  check.hint = text_of(c, "hint");
  check.unobserved = flag_of(c, "unobserved");
  check.hidden = flag_of(c, "hidden");
  check.advice = text_of(c, "level") == "advice";
  return check;
}

run::Task task_of(const json& t) {
  run::Task task;
  task.kind = text_of(t, "kind") == "thread" ? run::Task::Kind::kThread : run::Task::Kind::kProcess;
  task.tid = int_of(t, "tid");
  task.pid = int_of(t, "pid");
  task.parent_pid = int_of(t, "parent_pid");
  task.program = text_of(t, "program");
  task.command_line = text_of(t, "command_line");
  task.name = text_of(t, "name");
  task.start_seconds = number_of(t, "start_seconds").value_or(0.0);
  task.end_seconds = number_of(t, "end_seconds");
  task.cpu_seconds = number_of(t, "cpu_seconds");
  return task;
}

report::RunDetails run_of(const json& r) {
  report::RunDetails run;
  run.index = int_of(r, "index");
  run.passed = flag_of(r, "passed");
  run.verdict = text_of(r, "verdict");
  run.wall_seconds = number_of(r, "wall_seconds").value_or(0.0);
  run.stdout_text = text_of(member_of(r, "stdout"), "data");
  run.stderr_text = text_of(member_of(r, "stderr"), "data");
  const json& observation = member_of(r, "observation");
  run.observed = text_of(observation, "state") == "observed";
  run.not_observed_reason = text_of(observation, "reason");
  for (const json& t : array_of(observation, "tasks")) {
    if (t.is_object()) {
      run.tasks.push_back(task_of(t));
    }
  }
  return run;
}

}  // namespace

report::AttemptDetails details_without_document(const Attempt& attempt) {
  report::AttemptDetails details;
  details.anchor = "attempt-" + attempt.attempt_id;
  details.student = attempt.student;
  details.exercise = attempt.exercise;
  details.status = to_string(attempt.status);
  details.score = attempt.score;
  details.max_score = attempt.max_score;
  details.error = attempt.error;
  return details;
}

Expected<report::AttemptDetails> details_from_result_json(std::string_view text,
                                                          const Attempt& attempt) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return unexpected("the result document is not a JSON object");
  }
  report::AttemptDetails details = details_without_document(attempt);
  details.exercise_title = text_of(member_of(doc, "exercise"), "title");
  details.submission = text_of(member_of(doc, "submission"), "path");
  const std::string error = text_of(doc, "error");
  if (!error.empty()) {
    details.error = error;
  }
  for (const json& c : array_of(doc, "checks")) {
    if (c.is_object()) {
      details.checks.push_back(check_of(c));
    }
  }
  for (const json& r : array_of(doc, "runs")) {
    if (r.is_object()) {
      details.runs.push_back(run_of(r));
    }
  }
  return details;
}

}  // namespace grade::batch
