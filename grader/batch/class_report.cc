#include "batch/class_report.h"

#include <algorithm>
#include <map>

#include "batch/attempt_details.h"

namespace grade::batch {

namespace {

// Output kept per stream and attempt: more than an excerpt shows, and memory stays bounded
// for a whole class.
constexpr std::size_t kKeptOutputBytes = 16 * 1024;

void trim_output(report::AttemptDetails& details) {
  for (report::RunDetails& run : details.runs) {
    if (run.stdout_text.size() > kKeptOutputBytes) {
      run.stdout_text.resize(kKeptOutputBytes);  // the excerpt shows the first lines
    }
    if (run.stderr_text.size() > kKeptOutputBytes) {
      run.stderr_text.erase(0, run.stderr_text.size() - kKeptOutputBytes);  // and the last
    }
  }
}

struct ExerciseTally {
  std::map<std::string, FailedCheckExample> failed;
  std::vector<std::string> order;  // check ids in first-failure order, for stable ties
};

void tally_checks(ExerciseTally& tally, const report::AttemptDetails& details) {
  for (const check::CheckResult& c : details.checks) {
    if (c.status != check::CheckStatus::kFail || c.advice) {
      continue;
    }
    auto [it, inserted] = tally.failed.try_emplace(c.id);
    if (inserted) {
      it->second.check_id = c.id;
      it->second.example = c.message;
      tally.order.push_back(c.id);
    }
    it->second.title = c.title;
    ++it->second.count;
  }
}

std::vector<FailedCheckExample> most_failed(const ExerciseTally& tally) {
  std::vector<FailedCheckExample> list;
  for (const std::string& id : tally.order) {
    list.push_back(tally.failed.at(id));
  }
  std::stable_sort(list.begin(), list.end(),
                   [](const auto& a, const auto& b) { return a.count > b.count; });
  if (list.size() > ExerciseReport::kMostFailed) {
    list.resize(ExerciseReport::kMostFailed);
  }
  return list;
}

}  // namespace

ClassReport build_class_report(const Gradebook& book,
                               const std::vector<std::string>& exercise_ids) {
  ClassReport report;
  report.course_id = book.course_id();
  report.gradebook = book.path().filename().string();
  report.students = static_cast<int>(book.students().size());
  const BatchSummary summary = book.summary(exercise_ids);
  std::map<std::string, std::size_t> index;
  for (const ExerciseSummary& s : summary.exercises) {
    index.emplace(s.exercise, report.exercises.size());
    report.exercises.push_back(ExerciseReport{s, {}, {}, 0});
  }
  std::vector<ExerciseTally> tallies(report.exercises.size());
  book.for_each_current([&](const Attempt& attempt) {
    const auto found = index.find(attempt.exercise);
    if (found == index.end()) {
      return;
    }
    ExerciseReport& exercise = report.exercises[found->second];
    StudentRow row;
    row.attempt = attempt;
    row.attempt.result_json.reset();
    std::optional<report::AttemptDetails> details;
    if (attempt.result_json) {
      if (auto parsed = details_from_result_json(*attempt.result_json, attempt); parsed) {
        details = std::move(*parsed);
      }
    }
    if (!details && attempt.status != AttemptStatus::kMissing) {
      details = details_without_document(attempt);
    }
    if (details) {
      trim_output(*details);
      row.runs = static_cast<int>(details->runs.size());
      for (const report::RunDetails& run : details->runs) {
        row.runs_passed += run.passed ? 1 : 0;
        exercise.run_seconds.push_back(run.wall_seconds);
      }
      row.flaky.runs_disagreed = runs_disagreed(details->runs);
      tally_checks(tallies[found->second], *details);
      row.has_details = true;
      report.details.push_back(std::move(*details));
    }
    row.flaky.graded_differently =
        graded_differently(attempt, book.history(attempt.student, attempt.exercise));
    exercise.flaky += row.flaky.any() ? 1 : 0;
    report.rows.push_back(std::move(row));
  });
  for (std::size_t i = 0; i < tallies.size(); ++i) {
    report.exercises[i].most_failed = most_failed(tallies[i]);
  }
  return report;
}

}  // namespace grade::batch
