#include "cli/batch_command.h"

#include <csignal>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <unistd.h>

#include "batch/batch_runner.h"
#include "batch/gradebook.h"
#include "batch/summary_table.h"
#include "cli/batch_plan.h"
#include "cli/gradebook_commands.h"
#include "cli/submission_files.h"
#include "report/safe_text.h"
#include "util/cpu_count.h"
#include "util/error.h"
#include "util/temp_dir.h"

namespace grade::cli {

namespace {

// The students and exercises one `grade batch` grades, and where it records them.
struct ClassBatch {
  batch::Shard shard;
  std::filesystem::path class_dir;
  batch::Roster roster;
  std::vector<std::string> ids;  // exercises
  std::filesystem::path db;
};

void refuse_report_options(const GradeOptions& run) {
  if (run.output || run.html || run.format != Format::kText || run.verbose || run.timings) {
    throw Error(ErrorKind::kUsage,
                "grade batch writes a gradebook, not a report: leave out -o, --html, --format, "
                "--verbose and --timings, and use `grade export csv|jsonl|junit|canvas` or `grade "
                "report html` afterwards");
  }
}

ClassBatch read_class(const Context& ctx, const BatchCommandOptions& options) {
  ClassBatch batch;
  batch.shard = batch::Shard::parse(options.shard.empty() ? "1/1" : options.shard)
                    .value_or_throw(ErrorKind::kUsage);
  batch.class_dir = ctx.cwd / options.class_dir;
  batch.roster = batch::read_roster(batch.class_dir, {batch.shard, options.id_pattern})
                     .value_or_throw(ErrorKind::kUsage);
  batch.ids = ctx.chosen_exercises(options.exercises);
  batch.db = ctx.cwd / options.db.value_or(default_gradebook(batch.shard));
  return batch;
}

// No run sees the class (classmates' files) or the gradebook, even where they lie in the
// runs' view of the system.
GradeOptions run_options_for(const ClassBatch& batch, GradeOptions run) {
  run.hidden = {batch.class_dir, batch.db.parent_path()};
  return run;
}

// When a student's folder holds programs in two accepted languages (ex1.py and ex1.cpp), the
// batch grades the first in the exercise's order of languages and says so in the result.
std::optional<std::string> other_candidates(const Context& ctx, const spec::Exercise& exercise,
                                            const std::filesystem::path& graded) {
  std::vector<std::string> others;
  for (const auto& file : submission_candidates(ctx.course, exercise, graded.parent_path())) {
    if (file.filename() != graded.filename()) {
      others.push_back(file.filename().string());
    }
  }
  if (others.empty()) {
    return std::nullopt;
  }
  return fmt::format(
      "The folder also holds {} for {}; only {} was graded (the first of the "
      "exercise's languages). Keep one program per exercise.",
      fmt::join(others, " and "), exercise.id, graded.filename().string());
}

// Grades one student's file in a worker, with the request planned for its language.
batch::GradeFn grade_in_worker(const Context& ctx, const BatchPlan& plan,
                               const std::filesystem::path& class_dir) {
  return [&ctx, &plan, class_dir](const batch::ExercisePlan& exercise,
                                  const std::filesystem::path& file, const std::string& display) {
    const check::GradeRequest& planned = planned_request(ctx, plan, exercise.id, file);
    std::vector<std::string> notes;
    if (auto note = other_candidates(ctx, *planned.exercise, file)) {
      notes.push_back(*note);
    }
    // No link may lead into another student's folder.
    return grade_document(ctx, plan, {exercise.id, file, class_dir, display, std::move(notes)});
  };
}

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) {
    return "unknown";
  }
  return name;
}

// The first SIGINT or SIGTERM lets the running gradings finish; the second stops them.
void tell_interrupt(batch::Progress& progress, int signal, int count, std::size_t running) {
  if (count == 1) {
    progress.message(fmt::format(
        "grade: {} received: finishing the {} running grading(s), starting no more; press "
        "Ctrl-C again to stop them now. Run the same command again to resume.",
        signal == SIGINT ? "interrupt" : "termination request", running));
  } else {
    progress.message("grade: stopping now; the running gradings are not recorded.");
  }
}

batch::BatchOptions worker_options(const BatchCommandOptions& options, const TempDir& scratch,
                                   batch::Progress& progress) {
  batch::BatchOptions worker;
  worker.scratch_root = scratch.path();
  worker.jobs = options.jobs > 0 ? options.jobs : usable_cpus();
  worker.force = options.force;
  worker.host = host_name();
  worker.on_interrupt = [&progress](int signal, int count, std::size_t running) {
    tell_interrupt(progress, signal, count, running);
  };
  return worker;
}

// The summary table and a closing line; returns the exit code.
int report_batch(const Context& ctx, const batch::Gradebook& book, const ClassBatch& batch,
                 const batch::BatchReport& report) {
  batch::write_summary(ctx.out, book.summary(batch.ids), ctx.color);
  fmt::print(ctx.out,
             "\n{} student(s) × {} exercise(s){}: {} graded, {} up to date, {} failed, {} "
             "error(s) in {}. Gradebook: {}\n",
             batch.roster.students.size(), batch.ids.size(),
             batch.shard.whole() ? std::string() : fmt::format(" (shard {})", batch.shard.text()),
             report.graded, report.up_to_date, report.failed, report.errors,
             batch::Progress::duration(report.seconds), batch.db.string());
  const std::size_t undone = report.total - report.up_to_date - report.graded;
  if (report.interrupted && undone > 0) {
    fmt::print(ctx.out, "Interrupted: {} grading(s) not done. Run the same command to resume.\n",
               undone);
    return 128 + report.signal;
  }
  return report.errors > 0 ? static_cast<int>(ExitCode::kInternal)
                           : static_cast<int>(ExitCode::kPassed);
}

}  // namespace

// The workers' run folders: removed with whatever a killed worker left in them.
TempDir make_worker_scratch(const std::string& prefix) {
  TempDir scratch = TempDir::create(prefix).value_or_throw(ErrorKind::kInternal,
                                                           "cannot make a folder for the batch");
  std::error_code ec;
  std::filesystem::permissions(scratch.path(),
                               std::filesystem::perms::owner_all |
                                   std::filesystem::perms::group_exec |
                                   std::filesystem::perms::others_exec,
                               ec);
  return scratch;
}

std::string default_gradebook(const batch::Shard& shard) {
  if (shard.whole()) {
    return "gradebook.sqlite";
  }
  return fmt::format("gradebook-{}-of-{}.sqlite", shard.index, shard.count);
}

std::string skipped_folders_message(const std::vector<std::string>& skipped) {
  if (skipped.empty()) {
    return {};
  }
  std::vector<std::string> names;
  names.reserve(skipped.size());
  for (const std::string& name : skipped) {
    names.push_back(report::one_line(name));
  }
  return fmt::format("skipped {} folder(s) that --id-pattern does not match: {}", names.size(),
                     fmt::join(names, ", "));
}

int batch_grade(const Context& ctx, const BatchCommandOptions& options) {
  refuse_report_options(options.run);
  const ClassBatch batch = read_class(ctx, options);
  // Decided once, before any worker starts: every worker inherits the same requests.
  const BatchPlan plan = plan_batch(ctx, batch.ids, run_options_for(batch, options.run));
  batch::Gradebook book =
      batch::Gradebook::open(batch.db, batch::Gradebook::Mode::kCreate, ctx.course.id);
  warn_about_modes(ctx, book);
  batch::Progress progress(ctx.err, ::isatty(STDERR_FILENO) == 1,
                           batch.roster.students.size() * plan.exercises.size(),
                           std::chrono::steady_clock::now());
  if (const std::string skipped = skipped_folders_message(batch.roster.skipped); !skipped.empty()) {
    progress.message(skipped);
  }
  const TempDir scratch = make_worker_scratch("grade-batch-");
  const batch::BatchReport report = batch::run_batch(
      batch.roster, plan.exercises, book, grade_in_worker(ctx, plan, batch.class_dir), progress,
      worker_options(options, scratch, progress));
  return report_batch(ctx, book, batch, report);
}

void add_batch_options(CLI::App& batch, BatchCommandOptions& options) {
  batch.add_option("class", options.class_dir, "Folder with one sub-folder per student")
      ->required();
  batch
      .add_option("--exercises", options.exercises,
                  "Exercises to grade, comma-separated (default: all)")
      ->delimiter(',');
  batch.add_option("-j,--jobs", options.jobs, "Gradings at once (default: one per core)")
      ->check(CLI::Range(1, 1024));
  batch.add_option("--db", options.db,
                   "Gradebook file (default: gradebook.sqlite, or gradebook-K-of-N.sqlite "
                   "with --shard)");
  batch.add_flag("--force", options.force,
                 "Grade again what the gradebook already holds for the same file and spec");
  batch.add_option(
      "--shard", options.shard,
      "Grade only the K-th of N slices of the students, e.g. 2/8 (docs/instructors.md)");
  batch.add_option("--id-pattern", options.id_pattern,
                   "Regular expression with one group that takes the student id out of a "
                   "folder name (for LMS exports)");
}

void add_batch_command(CLI::App& app, CommandLine& line) {
  // Owned by the command, which the app keeps until it has run.
  auto options = std::make_shared<BatchCommandOptions>();
  CLI::App* batch = add_command(
      app, line, "batch",
      "Grade a class: one sub-folder per student, into a gradebook (docs/instructors.md)",
      [options, &line](const Context& ctx) {
        options->run = line.grade;
        return batch_grade(ctx, *options);
      });
  add_batch_options(*batch, *options);
}

}  // namespace grade::cli
