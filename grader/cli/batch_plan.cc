#include "cli/batch_plan.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include <fmt/format.h>
#include <unistd.h>

#include "cli/grade_setup.h"
#include "cli/submission_files.h"
#include "report/json_report.h"
#include "run/environment.h"
#include "run/process_runner.h"
#include "util/error.h"
#include "util/sha256.h"

namespace grade::cli {

namespace {

std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in.good() && !in.eof()) {
    throw Error(ErrorKind::kInternal, fmt::format("cannot read {}", path.string()));
  }
  return text;
}

// One exercise: a request per language, whose fingerprints together make the plan's.
batch::ExercisePlan plan_exercise(const Context& ctx, const spec::Exercise& exercise,
                                  const GradeOptions& run_options, BatchPlan& plan) {
  const spec::ExerciseEntry& entry = ctx.entry(exercise.id);
  batch::ExercisePlan exercise_plan;
  exercise_plan.id = exercise.id;
  exercise_plan.deadline = std::chrono::milliseconds::zero();
  exercise_plan.max_score = exercise.max_score();
  std::string fingerprints;
  for (const spec::Language* accepted : accepted_languages(ctx.course, exercise)) {
    const spec::Language& language = *accepted;
    exercise_plan.extensions.insert(exercise_plan.extensions.end(), language.extensions.begin(),
                                    language.extensions.end());
    check::GradeRequest request;
    try {
      request = prepare_request(ctx, run_options, exercise, language);
    } catch (const Error& error) {
      // A language this machine cannot grade (no compiler) fails its own students' gradings,
      // as errors the next run retries, not the whole class.
      if (error.kind() != ErrorKind::kInternal) {
        throw;
      }
      plan.unavailable.emplace(std::pair(exercise.id, language.id), error.what());
      continue;
    }
    exercise_plan.deadline = std::max(exercise_plan.deadline, worker_deadline(request));
    fingerprints += grading_fingerprint(ctx, entry, request);
    plan.requests.emplace(std::pair(exercise.id, language.id), std::move(request));
  }
  exercise_plan.spec_sha256 = sha256_hex(fingerprints);
  return exercise_plan;
}

}  // namespace

BatchPlan plan_batch(const Context& ctx, const std::vector<std::string>& ids,
                     const GradeOptions& run_options) {
  BatchPlan plan;
  for (const std::string& id : ids) {
    const spec::Exercise& exercise = plan.specs.emplace_back(ctx.load(id));
    plan.exercises.push_back(plan_exercise(ctx, exercise, run_options, plan));
  }
  return plan;
}

const check::GradeRequest& planned_request(const Context& ctx, const BatchPlan& plan,
                                           const std::string& exercise_id,
                                           const std::filesystem::path& file) {
  const spec::Language* language = ctx.course.language_for(file);
  if (language == nullptr) {  // only files of the course's extensions are graded
    throw Error(ErrorKind::kInternal, "no language grades " + file.string());
  }
  const auto key = std::pair(exercise_id, language->id);
  if (auto why = plan.unavailable.find(key); why != plan.unavailable.end()) {
    throw Error(ErrorKind::kInternal, why->second);
  }
  return plan.requests.at(key);
}

std::string grade_document(const Context& ctx, const BatchPlan& plan,
                           const WorkerGrading& grading) {
  check::GradeRequest request = planned_request(ctx, plan, grading.exercise, grading.file);
  request.submission = grading.file;
  request.notes.insert(request.notes.end(), grading.notes.begin(), grading.notes.end());
  request.submission_root = grading.root;
  run::ProcessRunner runner;
  check::Grader grader(runner, [](const std::filesystem::path& work_dir) {
    return run::submission_environment(work_dir, environ, python_site());
  });
  check::GradeResult result = grader.grade(request);
  result.submission.path = grading.display;
  return report::to_json(result, report::View::kInstructor, request.exercise)
      .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string grading_fingerprint(const Context& ctx, const spec::ExerciseEntry& entry,
                                const check::GradeRequest& request) {
  // Each part hashed on its own, so that no two different sets of parts give the same text.
  std::string parts;
  for (const std::string& part :
       {std::string(GRADE_VERSION), file_text(ctx.course.manifest), file_text(entry.spec),
        std::to_string(request.repeat), std::to_string(request.observe),
        request.interpreter.string(), request.compiler.string(), request.tool_identity}) {
    parts += sha256_hex(part);
  }
  return sha256_hex(parts);
}

std::chrono::milliseconds worker_deadline(const check::GradeRequest& request) {
  using std::chrono::seconds;
  const auto per_run = request.limits.wall_time + seconds(10);
  const auto build = request.language->build_limits.wall_time + seconds(10);
  return std::chrono::duration_cast<std::chrono::milliseconds>(per_run * request.repeat + build +
                                                               seconds(60));
}

}  // namespace grade::cli
