#include "report/json_report.h"

#include <algorithm>
#include <cmath>

#include "report/matched_lines.h"
#include "util/utf8.h"

namespace grade::report {

namespace {

using nlohmann::ordered_json;

std::string utf8(std::string_view s) { return to_valid_utf8(s); }

// null instead of an empty string, so readers test one thing.
ordered_json string_or_null(const std::string& s) {
  return s.empty() ? ordered_json(nullptr) : ordered_json(utf8(s));
}

ordered_json int_or_null(const std::optional<int>& n) {
  return n ? ordered_json(*n) : ordered_json(nullptr);
}

ordered_json capture_json(const run::Capture& capture) {
  return {{"data", utf8(capture.data)}, {"truncated", capture.truncated}};
}

ordered_json outside_signal_json(const std::optional<run::OutsideSignal>& outside) {
  if (!outside) {
    return nullptr;
  }
  return {{"signal", outside->signal},
          {"signal_name", utf8(run::signal_name(outside->signal))},
          {"target_pid", outside->target_pid},
          {"sender_pid", int_or_null(outside->sender_pid)},
          {"sender_uid", int_or_null(outside->sender_uid)},
          {"sender_name", string_or_null(outside->sender_name)},
          {"description", utf8(run::describe(*outside))}};
}

// The fields a program run has, shared by "build" and each of "runs".
void add_run_fields(ordered_json& j, const run::RunResult& r) {
  j["pid"] = r.pid;
  j["exit_code"] = int_or_null(r.exit_code);
  j["signal"] = int_or_null(r.signal);
  j["signal_name"] = r.signal ? ordered_json(utf8(run::signal_name(*r.signal))) : nullptr;
  j["timed_out"] = r.timed_out;
  j["output_limit_hit"] = r.output_limit_hit;
  j["task_limit_hit"] = r.task_limit_hit;
  // JSON has no NaN or infinity (nlohmann would write null, which the schema rejects).
  j["wall_seconds"] = std::isfinite(r.wall_seconds) && r.wall_seconds > 0 ? r.wall_seconds : 0.0;
  j["stdout"] = capture_json(r.out);
  j["stderr"] = capture_json(r.err);
  j["spawn_error"] = string_or_null(r.spawn_error);
  j["outside_signal"] = outside_signal_json(r.outside_signal);
}

std::string_view state_name(run::Observation::State state) {
  switch (state) {
    case run::Observation::State::kObserved:
      return "observed";
    case run::Observation::State::kUnavailable:
      return "unavailable";
    case run::Observation::State::kOff:
      break;
  }
  return "off";
}

ordered_json double_or_null(const std::optional<double>& x) {
  return x && std::isfinite(*x) ? ordered_json(std::max(*x, 0.0)) : ordered_json(nullptr);
}

ordered_json task_json(const run::Task& t) {
  return {{"kind", t.kind == run::Task::Kind::kThread ? "thread" : "process"},
          {"tid", t.tid},
          {"pid", t.pid},
          {"parent_pid", t.parent_pid},
          {"program", utf8(t.program)},
          {"start_seconds", std::isfinite(t.start_seconds) ? std::max(t.start_seconds, 0.0) : 0.0},
          {"end_seconds", double_or_null(t.end_seconds)},
          {"exit_code", int_or_null(t.exit_code)},
          {"signal", int_or_null(t.signal)},
          {"signal_from_run", t.signal_from_run},
          {"stopped_at_end", t.stopped_at_end()},
          {"command_line", utf8(t.command_line)},
          {"name", utf8(t.name)},
          {"cpu_seconds", double_or_null(t.cpu_seconds)},
          {"killed_by_grader", t.killed_by_grader
                                   ? ordered_json(run::grader_kill_name(*t.killed_by_grader))
                                   : ordered_json(nullptr)},
          {"helper", run::is_start_method_helper(t)},
          {"outlived_process", t.outlived_process},
          {"at_timeout",
           t.at_timeout ? ordered_json(run::standing_name(*t.at_timeout)) : ordered_json(nullptr)}};
}

ordered_json observation_json(const run::RunResult& r) {
  const run::Observation& o = r.observed;
  ordered_json tasks = ordered_json::array();
  for (const run::Task& t : o.tasks) {
    tasks.push_back(task_json(t));
  }
  // An unobserved run has no reason only if someone forgot one; the schema requires it.
  const std::string reason =
      o.observed() ? std::string() : (o.reason.empty() ? "not observed" : o.reason);
  return {{"state", state_name(o.state)},
          {"reason", string_or_null(reason)},
          {"processes", o.created_processes()},
          {"threads", o.threads_created_in(r.pid)},
          {"tasks", std::move(tasks)},
          {"omitted", {{"processes", o.omitted.processes}, {"threads", o.omitted.threads}}}};
}

// A flood of writes that alternate between tasks makes a segment per write: the first ones
// show the pattern, and the JSON stays bounded (about 20 bytes a segment).
constexpr std::size_t kMaxListedSegments = 1024;

ordered_json stream_authors_json(const run::StreamAttribution& a) {
  ordered_json segments = ordered_json::array();
  const std::size_t listed = std::min(a.segments.size(), kMaxListedSegments);
  for (std::size_t i = 0; i < listed; ++i) {
    const run::OutputSegment& s = a.segments[i];
    segments.push_back(ordered_json::array({s.length, s.tid, s.pid}));
  }
  return {{"segments", std::move(segments)},
          {"omitted", a.segments.size() - listed},
          {"unattributed", string_or_null(a.unattributed_reason)}};
}

// Who wrote which bytes of stdout and stderr; null when the run was not observed (nobody
// was watching the writes).
ordered_json output_authors_json(const run::Observation& o) {
  if (!o.observed()) {
    return nullptr;
  }
  return {{"stdout", stream_authors_json(o.out)}, {"stderr", stream_authors_json(o.err)}};
}

ordered_json author_json(const MatchedLine& line, int launched_pid) {
  if (line.author.kind != run::StreamAttribution::Author::Kind::kOne) {
    return nullptr;
  }
  return {{"tid", line.author.tid},
          {"pid", line.author.pid},
          {"main_thread", line.author.tid == line.author.pid},
          {"launched", line.author.pid == launched_pid}};
}

ordered_json line_json(const MatchedLine& line, int launched_pid) {
  return {{"extractor", utf8(line.extractor)},
          {"stream", line.stream == spec::Stream::kStderr ? "stderr" : "stdout"},
          {"line", line.line},
          {"author", author_json(line, launched_pid)},
          {"author_unknown", string_or_null(line.author_unknown)}};
}

// The run's matched lines and how many were left out; null lines when the report was not
// given the exercise (its extractors say what a line is).
void add_lines(ordered_json& j, const run::RunResult& r, const spec::Exercise* exercise) {
  if (exercise == nullptr) {
    j["lines"] = nullptr;
    j["lines_omitted"] = 0;
    return;
  }
  const MatchedLines matched = matched_lines(*exercise, r);
  ordered_json lines = ordered_json::array();
  for (const MatchedLine& line : matched.listed) {
    lines.push_back(line_json(line, r.pid));
  }
  j["lines"] = std::move(lines);
  j["lines_omitted"] = matched.omitted;
}

ordered_json protections_json(const std::vector<isolate::Protection>& protections) {
  ordered_json list = ordered_json::array();
  for (const isolate::Protection& p : protections) {
    list.push_back({{"name", p.name}, {"in_place", p.in_place}, {"detail", utf8(p.detail)}});
  }
  return list;
}

ordered_json totals_json(const std::optional<isolate::Totals>& totals) {
  if (!totals) {
    return nullptr;
  }
  ordered_json per_run = ordered_json::array();
  if (totals->memory) {
    per_run.push_back("memory");
  }
  if (totals->tasks) {
    per_run.push_back("tasks");
  }
  return {{"per_run", std::move(per_run)},
          {"by", totals->by.empty() ? "rlimits" : totals->by},
          {"description", totals->describe()},
          {"reason", string_or_null(totals->reason)}};
}

ordered_json check_json(const check::CheckResult& c) {
  return {{"id", utf8(c.id)},
          {"title", utf8(c.title)},
          {"status", check::to_string(c.status)},
          {"points", c.points},
          {"max_points", c.max_points},
          {"message", utf8(c.message)},
          {"hint", utf8(c.hint)},
          {"unobserved", c.unobserved},
          {"hidden", c.hidden},
          {"level", c.advice ? "advice" : "required"}};
}

ordered_json checks_json(const std::vector<check::CheckResult>& checks) {
  ordered_json list = ordered_json::array();
  for (const check::CheckResult& c : checks) {
    list.push_back(check_json(c));
  }
  return list;
}

ordered_json build_json(const check::BuildRecord& b) {
  ordered_json argv = ordered_json::array();
  for (const std::string& arg : b.argv) {
    argv.push_back(utf8(arg));
  }
  ordered_json j = {{"argv", std::move(argv)}, {"ok", b.ok}, {"cached", b.cached}};
  add_run_fields(j, b.result);
  j["verdict"] = run::verdict_name(b.verdict);
  j["limit"] = b.limit ? ordered_json(run::verdict_name(*b.limit)) : ordered_json(nullptr);
  return j;
}

ordered_json run_json(const check::RunRecord& run, const spec::Exercise* exercise) {
  ordered_json j = {{"index", run.index}};
  add_run_fields(j, run.result);
  j["verdict"] = run::verdict_name(run.verdict);
  j["observation"] = observation_json(run.result);
  j["output_authors"] = output_authors_json(run.result.observed);
  add_lines(j, run.result, exercise);
  j["passed"] = run.passed;
  j["checks"] = checks_json(run.checks);
  return j;
}

// How the scoring policy decided a failed grading's score; null when it had no say.
ordered_json scoring_json(const std::optional<check::ScoringDecision>& scoring) {
  if (!scoring) {
    return nullptr;
  }
  return {
      {"failure", spec::scoring_key(scoring->failure)},
      {"credit", spec::credit_name(scoring->rule.credit)},
      {"rule_from", scoring->rule.origin == spec::RuleOrigin::kExercise ? "exercise" : "course"},
      {"checks_score", scoring->checks_score},
      {"reason", string_or_null(scoring->reason)}};
}

}  // namespace

ordered_json to_json(const check::GradeResult& result, View view, const spec::Exercise* exercise) {
  const check::GradeResult r = apply_view(result, view);
  ordered_json doc;
  doc["schema_version"] = kJsonSchemaVersion;
  doc["view"] = view_name(view);
  doc["grader"] = {{"name", "grade"}, {"version", GRADE_VERSION}};
  doc["course"] = {{"id", utf8(r.course_id)}, {"title", utf8(r.course_title)}};
  doc["exercise"] = {{"id", utf8(r.exercise_id)}, {"title", utf8(r.exercise_title)}};
  doc["submission"] = {{"path", utf8(r.submission.path)},
                       {"sha256", utf8(r.submission.sha256)},
                       {"language", utf8(r.submission.language)}};
  doc["status"] = check::to_string(r.status);
  doc["score"] = r.score;
  doc["max_score"] = r.max_score;
  doc["scoring"] = scoring_json(r.scoring);
  doc["repeat"] = r.repeat;
  doc["weaker"] = std::any_of(r.checks.begin(), r.checks.end(),
                              [](const check::CheckResult& c) { return c.unobserved; });
  doc["build"] = r.build ? build_json(*r.build) : ordered_json(nullptr);
  doc["runs"] = ordered_json::array();
  // A student's view lists no matched lines when a check is hidden: an extractor's name and
  // its lines could say what a hidden check looks at.
  const bool hides = view == View::kStudent && exercise != nullptr &&
                     std::any_of(exercise->checks.begin(), exercise->checks.end(),
                                 [](const spec::Check& c) { return c.hidden; });
  for (const check::RunRecord& run : r.runs) {
    doc["runs"].push_back(run_json(run, hides ? nullptr : exercise));
  }
  doc["checks"] = checks_json(r.checks);
  doc["error"] = string_or_null(r.error);
  doc["notes"] = ordered_json::array();
  for (const std::string& note : r.notes) {
    doc["notes"].push_back(utf8(note));
  }
  for (const std::string& note : r.setup_notes) {
    doc["notes"].push_back(utf8(note));
  }
  doc["advice"] = ordered_json::array();
  for (const std::string& advice : r.advice) {
    doc["advice"].push_back(utf8(advice));
  }
  doc["totals"] = totals_json(r.totals);
  doc["protections"] = protections_json(r.protections);
  return doc;
}

void write_json_report(std::ostream& out, const check::GradeResult& result, View view,
                       const spec::Exercise* exercise) {
  // to_json already made every string valid; `replace` only guards against a future field
  // that forgets to, so a report is never lost to an exception.
  out << to_json(result, view, exercise)
             .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
      << '\n';
}

}  // namespace grade::report
