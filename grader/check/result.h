// The outcome of grading one submission against one exercise: plain values that the reports
// render. Produced by Grader::grade() (check/grader.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "isolate/protection.h"
#include "run/run_result.h"
#include "run/verdict.h"
#include "spec/scoring.h"

namespace grade::check {

enum class CheckStatus { kPass, kFail, kSkip };

struct CheckResult {
  std::string id;
  std::string title;
  CheckStatus status = CheckStatus::kSkip;
  int points = 0;  // awarded
  int max_points = 0;
  std::string message;  // what was expected and what was seen; why it was skipped
  std::string hint;     // shown when the check failed
  // Skipped because the run's processes and threads could not be observed: grading was
  // weaker, but nothing the student did is wrong.
  bool unobserved = false;
  // Counted in the score; a student view of the report shows only that it exists and how
  // it went (report/view.h).
  bool hidden = false;
  // `level: advice`: no points, never decides the verdict; when it fails, the report shows it
  // as advice worth knowing.
  bool advice = false;

  // Whether the run passes as far as this check says: it passed; it was skipped because the
  // run could not be observed (grading was weaker, nobody is failed for it); or it is advice.
  bool counts_as_passed() const {
    return status == CheckStatus::kPass || (status == CheckStatus::kSkip && unobserved) || advice;
  }
};

struct RunRecord {
  int index = 0;  // 1-based number of the run
  run::RunResult result;
  run::Verdict verdict = run::Verdict::kOk;  // how the run ended, under its limits
  std::vector<CheckResult> checks;
  bool passed = false;
};

struct Submission {
  std::string path;  // as given by the user
  std::string sha256;
  std::string language;  // "python"
};

// Build step (for Python, a compile check). Absent when the language has none.
struct BuildRecord {
  std::vector<std::string> argv;
  run::RunResult result;  // empty when cached
  bool ok = false;
  bool cached = false;  // the same build succeeded before and was not run again
  run::Verdict verdict = run::Verdict::kOk;  // kBuildError or kBuildLimit when it failed
  // kBuildLimit: which limit (kWallTimeout, kMemoryLimit, ...; run::build_limit).
  std::optional<run::Verdict> limit = std::nullopt;
};

// How the scoring policy (spec/scoring.h) decided the score of a failed grading whose program
// ran: check/scoring.h, once, so every report and the gradebook show the same number.
struct ScoringDecision {
  spec::FailureKind failure = spec::FailureKind::kFailed;  // the first kind of failure that fits
  spec::ScoringRule rule;                                  // the policy's rule for it
  int checks_score = 0;  // what the checks that passed are worth (the score under partial credit)
  // Why the score is not checks_score, for the student ("Scored 0: run 1 was stopped by the
  // time limit, and this course gives no points..."); empty when it is.
  std::string reason;
};

enum class GradeStatus {
  kPassed,  // every check of every run passed
  kFailed,  // graded; some check failed, or the build failed
  kError,   // the grader could not grade (could not start the program, ...)
};

struct GradeResult {
  std::string course_id;
  std::string course_title;
  std::string exercise_id;
  std::string exercise_title;
  Submission submission;
  GradeStatus status = GradeStatus::kError;
  int score = 0;  // under the scoring policy
  int max_score = 0;
  // Set for a failed grading whose program ran: how the policy decided `score`.
  std::optional<ScoringDecision> scoring;
  int repeat = 1;  // runs asked for; runs.size() may be fewer (stops at the first failing run)
  std::optional<BuildRecord> build;
  std::vector<RunRecord> runs;
  // Checks of the deciding run: the first failing run, or the last one when all passed.
  std::vector<CheckResult> checks;
  std::string error;  // for kError, and for a failed build: what went wrong, for the student
  // How this grading was weaker or different than usual (isolation missing, another
  // interpreter chosen), for the report.
  std::vector<std::string> notes;
  // How this machine is set up, the same on every grading (another interpreter chosen for the
  // run user): in the machine formats always, in the text report with --verbose only, where it
  // would repeat on every report a student reads.
  std::vector<std::string> setup_notes;
  // For a failed grading: what fixes a failure whose cause Python's messages give away
  // (check/advice.h), from the deciding run.
  std::vector<std::string> advice;
  // What limited the processes of a run together (a cgroup per run, or per-process rlimits
  // only): the weakest of the runs made, else what the plan promised. Unset: not decided
  // (a grading without a sandbox plan's cgroups, as in tests).
  std::optional<isolate::Totals> totals;
  // Each protection of the runs (private view, network, own uid, Landlock), in place or not
  // and why: what the plan decided for this machine. Empty: not decided (as in tests).
  std::vector<isolate::Protection> protections;
  // The user interrupted the grading (GradeRequest::cancel_fd): status kError, no verdict; the
  // caller says so in one line instead of a report.
  bool interrupted = false;
};

std::string_view to_string(CheckStatus status);  // "pass" | "fail" | "skip"
std::string_view to_string(GradeStatus status);  // "passed" | "failed" | "error"

}  // namespace grade::check
