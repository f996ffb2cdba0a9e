#include "batch/selftest.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "batch/attempt.h"

namespace grade::batch {

namespace {

std::string score_of(const Grading& grading) {
  return fmt::format("{}/{}", grading.score, grading.max_score);
}

// What a grading that did not get full marks did, for a sentence: "failed first on X (3/10)".
std::string how_it_failed(const Grading& grading) {
  if (!grading.graded) {
    return "could not be graded: " + grading.error;
  }
  if (grading.build_failed) {
    return "its build failed";
  }
  if (grading.first_failing.empty()) {
    return fmt::format("no check failed, but it scored {}", score_of(grading));
  }
  return fmt::format("failed first on {} ({})", grading.first_failing, score_of(grading));
}

void decided_by(CaseReport& report, const Grading& grading) {
  report.first_failing = grading.first_failing;
  report.message = grading.graded ? grading.message : grading.error;
}

void judge_solution(CaseReport& report, const std::vector<Grading>& gradings) {
  const int planned = report.the_case.gradings;
  report.holds = report.full_marks == planned;
  if (report.holds) {
    report.happened = fmt::format("{}/{} full marks", planned, planned);
    return;
  }
  const auto bad = std::find_if(gradings.begin(), gradings.end(),
                                [](const Grading& g) { return !g.full_marks; });
  decided_by(report, *bad);
  report.happened = fmt::format("FAILED: {}/{} full marks; grading {} {}", report.full_marks,
                                planned, bad - gradings.begin() + 1, how_it_failed(*bad));
}

void judge_template(CaseReport& report, const Grading& grading) {
  decided_by(report, grading);
  report.holds = grading.graded && !grading.full_marks;
  if (!grading.graded) {
    report.happened = "FAILED: " + how_it_failed(grading);
  } else if (grading.full_marks) {
    report.happened =
        fmt::format("FAILED: full marks ({}): a starter file must not pass", score_of(grading));
  } else {
    report.happened = how_it_failed(grading);
  }
}

void judge_near_miss(CaseReport& report, const Grading& grading) {
  decided_by(report, grading);
  const std::string& expected = report.the_case.expected_check;
  const bool build = expected == kBuildCheck;
  report.holds =
      grading.graded && !grading.full_marks &&
      (build ? grading.build_failed : !grading.build_failed && grading.first_failing == expected);
  if (report.holds) {
    report.happened = build ? "build failed as declared"
                            : fmt::format("failed first on {} as declared", expected);
    return;
  }
  const std::string wanted =
      build ? std::string("expected its build to fail") : "expected to fail on " + expected;
  report.happened = fmt::format("FAILED: {}, {}", wanted,
                                grading.graded && grading.full_marks
                                    ? fmt::format("got full marks ({})", score_of(grading))
                                    : how_it_failed(grading));
}

}  // namespace

Grading grading_from_document(std::string_view json) {
  Grading grading;
  const Expected<ResultDocument> document = parse_result_document(json);
  if (!document) {
    grading.error = "the worker's result document: " + document.error();
    return grading;
  }
  if (document->status == AttemptStatus::kError) {
    grading.error = document->error;
    return grading;
  }
  grading.graded = true;
  grading.score = document->score;
  grading.max_score = document->max_score;
  grading.full_marks =
      document->status == AttemptStatus::kPassed && document->score == document->max_score;
  grading.build_failed = document->build_failed;
  grading.message = document->error;
  for (const DocumentCheck& check : document->checks) {
    if (check.row.status == check::CheckStatus::kFail) {
      grading.first_failing = check.row.id;
      grading.message = check.message;
      break;
    }
  }
  return grading;
}

Grading grading_from_outcome(const Outcome& outcome) {
  if (outcome.kind == Outcome::Kind::kDone) {
    return grading_from_document(outcome.output);
  }
  Grading grading;
  grading.error = outcome.describe();
  return grading;
}

CaseReport judge(const SelftestCase& the_case, const std::vector<Grading>& gradings) {
  CaseReport report;
  report.the_case = the_case;
  for (const Grading& grading : gradings) {
    report.graded += grading.graded ? 1 : 0;
    report.full_marks += grading.full_marks ? 1 : 0;
  }
  if (!the_case.absent.empty()) {
    report.skipped = the_case.kind == CaseKind::kTemplate;
    report.holds = report.skipped;
    report.happened = (report.skipped ? "skipped: " : "FAILED: ") + the_case.absent;
    return report;
  }
  if (static_cast<int>(gradings.size()) < the_case.gradings) {
    report.happened = fmt::format("FAILED: interrupted after {} of {} grading(s)", gradings.size(),
                                  the_case.gradings);
    return report;
  }
  switch (the_case.kind) {
    case CaseKind::kSolution:
      judge_solution(report, gradings);
      break;
    case CaseKind::kTemplate:
      judge_template(report, gradings.front());
      break;
    case CaseKind::kNearMiss:
      judge_near_miss(report, gradings.front());
      break;
  }
  return report;
}

std::size_t SelftestReport::failing() const {
  return static_cast<std::size_t>(std::count_if(
      cases.begin(), cases.end(), [](const CaseReport& report) { return !report.holds; }));
}

SelftestReport run_selftest(const std::vector<SelftestCase>& cases, int repeat,
                            const GradeAll& grade_all) {
  const auto start = std::chrono::steady_clock::now();
  int rounds = 0;
  for (const SelftestCase& the_case : cases) {
    rounds = std::max(rounds, the_case.gradings);
  }
  // Round by round: the first grading of every case comes before the second of any, so a
  // near miss that does not hold shows up early.
  std::vector<GradingJob> jobs;
  for (int round = 1; round <= rounds; ++round) {
    for (std::size_t i = 0; i < cases.size(); ++i) {
      if (cases[i].absent.empty() && cases[i].gradings >= round) {
        jobs.push_back(GradingJob{i, round});
      }
    }
  }
  SelftestReport report;
  report.repeat = repeat;
  std::vector<std::vector<Grading>> gradings(cases.size());
  grade_all(jobs, [&](const GradingJob& job, Grading grading) {
    gradings.at(job.case_index).push_back(std::move(grading));
    ++report.gradings;
  });
  for (std::size_t i = 0; i < cases.size(); ++i) {
    report.cases.push_back(judge(cases[i], gradings[i]));
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

GradeAll in_workers(std::function<std::string(const SelftestCase&)> document,
                    const std::vector<SelftestCase>& cases, const PoolOptions& options,
                    PoolStats& stats) {
  return [document = std::move(document), &cases, options, &stats](
             const std::vector<GradingJob>& jobs,
             const std::function<void(const GradingJob&, Grading)>& done) {
    std::size_t next = 0;
    WorkerPool pool(options);
    stats = pool.run(
        [&]() -> std::optional<Task> {
          if (next == jobs.size()) {
            return std::nullopt;
          }
          const SelftestCase& the_case = cases.at(jobs[next].case_index);
          Task task;
          task.index = next++;
          task.work = [&document, &the_case] { return document(the_case); };
          task.deadline = the_case.deadline;
          return task;
        },
        [&](const Task& task, const Outcome& outcome) {
          if (outcome.kind != Outcome::Kind::kCancelled) {
            done(jobs[task.index], grading_from_outcome(outcome));
          }
        });
  };
}

}  // namespace grade::batch
