// What `grade batch` decides once, before any worker starts (every worker inherits it): for
// each exercise, the grading request of each language of the course, and the plan the batch
// runner follows.
#pragma once

#include <chrono>
#include <deque>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "batch/batch_runner.h"
#include "check/grader.h"
#include "cli/context.h"
#include "cli/grade_options.h"

namespace grade::cli {

struct BatchPlan {
  BatchPlan() = default;
  // The requests point into `specs`: a copy would point into the original.
  BatchPlan(const BatchPlan&) = delete;
  BatchPlan& operator=(const BatchPlan&) = delete;
  BatchPlan(BatchPlan&&) = default;
  BatchPlan& operator=(BatchPlan&&) = default;
  ~BatchPlan() = default;

  std::deque<spec::Exercise> specs;  // a deque: its elements stay where they are
  // By (exercise id, language id); without a submission.
  std::map<std::pair<std::string, std::string>, check::GradeRequest> requests;
  // By (exercise id, language id): why a language cannot be graded here (no compiler).
  std::map<std::pair<std::string, std::string>, std::string> unavailable;
  std::vector<batch::ExercisePlan> exercises;  // in the order of `ids`
};

// Throws grade::Error as prepare_request does (cli/grade_setup.h).
BatchPlan plan_batch(const Context& ctx, const std::vector<std::string>& ids,
                     const GradeOptions& run_options);

// One grading as a batch worker does it.
struct WorkerGrading {
  std::string exercise;
  std::filesystem::path file;
  std::filesystem::path root;  // the file must lie beneath it with no link on the way
  std::string display;         // the path the result document names
  std::vector<std::string> notes;
};

// The request planned for the file's language. Throws grade::Error(kInternal) for a language
// this machine cannot grade (the reason planned) or a file of no language.
const check::GradeRequest& planned_request(const Context& ctx, const BatchPlan& plan,
                                           const std::string& exercise_id,
                                           const std::filesystem::path& file);

// Grades the file with its planned request and returns the result document, in the instructor
// view (hidden checks in full). Runs in a worker: `grade batch` and `grade selftest`.
std::string grade_document(const Context& ctx, const BatchPlan& plan, const WorkerGrading& grading);

// Everything besides the student's file that decides a grade: the course manifest (limits,
// languages, repeats), the exercise's spec, the options that change how runs are judged, and
// the grader's version. A change to any of them makes earlier results stale.
std::string grading_fingerprint(const Context& ctx, const spec::ExerciseEntry& entry,
                                const check::GradeRequest& request);

// Long enough for every run to hit its own wall-time limit and be cleaned up, plus the build:
// only a grader that hangs itself reaches it.
std::chrono::milliseconds worker_deadline(const check::GradeRequest& request);

}  // namespace grade::cli
