#include "cli/batch_command.h"

#include <algorithm>
#include <csignal>
#include <deque>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <unistd.h>

#include "batch/batch_runner.h"
#include "batch/gradebook.h"
#include "batch/junit_export.h"
#include "batch/summary_table.h"
#include "check/grader.h"
#include "cli/grade_setup.h"
#include "cli/output_file.h"
#include "report/json_report.h"
#include "report/safe_text.h"
#include "run/environment.h"
#include "run/process_runner.h"
#include "util/cpu_count.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/temp_dir.h"

extern char** environ;  // NOLINT: POSIX global

namespace grade::cli {

namespace {

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) {
    return "unknown";
  }
  return name;
}

std::vector<std::string> chosen_exercises(const Context& ctx, std::vector<std::string> asked) {
  if (asked.empty()) {
    return ctx.course.exercise_ids();
  }
  for (auto it = asked.begin(); it != asked.end(); ++it) {
    (void)ctx.entry(*it);  // throws a usage error with a suggestion for an unknown id
    if (std::find(asked.begin(), it, *it) != it) {
      throw Error(ErrorKind::kUsage, fmt::format("--exercises names {} twice", *it));
    }
  }
  return asked;
}

std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in.good() && !in.eof()) {
    throw Error(ErrorKind::kInternal, fmt::format("cannot read {}", path.string()));
  }
  return text;
}

// Everything besides the student's file that decides a grade: the course manifest (limits,
// languages, repeats), the exercise's spec, the options that change how runs are judged,
// and the grader's version. A change to any of them makes earlier results stale.
std::string grading_fingerprint(const Context& ctx, const spec::ExerciseEntry& entry,
                                const check::GradeRequest& request) {
  // Each part hashed on its own, so that no two different sets of parts give the same text.
  std::string parts;
  for (const std::string& part : {std::string(GRADE_VERSION), file_text(ctx.course.manifest),
                                  file_text(entry.spec), std::to_string(request.repeat),
                                  std::to_string(request.observe), request.interpreter.string()}) {
    parts += sha256_hex(part);
  }
  return sha256_hex(parts);
}

// Long enough for every run to hit its own wall-time limit and be cleaned up, plus the
// build: only a grader that hangs itself reaches it.
std::chrono::milliseconds worker_deadline(const check::GradeRequest& request) {
  using std::chrono::seconds;
  const auto per_run = request.limits.wall_time + seconds(10);
  return std::chrono::duration_cast<std::chrono::milliseconds>(per_run * (request.repeat + 1) +
                                                               seconds(60));
}

std::string default_db(const batch::Shard& shard) {
  if (shard.whole()) {
    return "gradebook.sqlite";
  }
  return fmt::format("gradebook-{}-of-{}.sqlite", shard.index, shard.count);
}

// Said before anything else is shown: the operator learns that the file was open to others.
void warn_about_modes(const Context& ctx, const batch::Gradebook& book) {
  for (const std::string& warning : book.warnings()) {
    fmt::print(ctx.err, "grade: warning: {}\n", report::terminal_safe(warning));
  }
}

}  // namespace

int batch_grade(const Context& ctx, const BatchCommandOptions& options) {
  const batch::Shard shard = batch::Shard::parse(options.shard.empty() ? "1/1" : options.shard)
                                 .value_or_throw(ErrorKind::kUsage);
  const std::filesystem::path class_dir = ctx.cwd / options.class_dir;
  batch::Roster roster =
      batch::read_roster(class_dir, {shard, options.id_pattern}).value_or_throw(ErrorKind::kUsage);
  const std::vector<std::string> ids = chosen_exercises(ctx, options.exercises);

  const std::filesystem::path db = ctx.cwd / options.db.value_or(default_db(shard));
  // No run sees the class (classmates' files) or the gradebook, even where they lie in the
  // runs' view of the system.
  GradeOptions run_options = options.run;
  run_options.hidden = {class_dir, db.parent_path()};

  // Decided once, before any worker starts: every worker inherits the same requests.
  std::deque<spec::Exercise> specs;
  std::map<std::pair<std::string, std::string>, check::GradeRequest> requests;
  std::vector<batch::ExercisePlan> plans;
  for (const std::string& id : ids) {
    const spec::ExerciseEntry& entry = ctx.entry(id);
    const spec::Exercise& exercise = specs.emplace_back(ctx.load(id));
    batch::ExercisePlan plan;
    plan.id = id;
    plan.deadline = std::chrono::milliseconds::zero();
    plan.max_score = exercise.max_score();
    std::string fingerprints;
    for (const spec::Language& language : ctx.course.languages) {
      check::GradeRequest request = prepare_request(ctx, run_options, exercise, language);
      plan.extensions.insert(plan.extensions.end(), language.extensions.begin(),
                             language.extensions.end());
      plan.deadline = std::max(plan.deadline, worker_deadline(request));
      fingerprints += grading_fingerprint(ctx, entry, request);
      requests.emplace(std::pair(id, language.id), std::move(request));
    }
    plan.spec_sha256 = sha256_hex(fingerprints);
    plans.push_back(std::move(plan));
  }

  batch::Gradebook book =
      batch::Gradebook::open(db, batch::Gradebook::Mode::kCreate, ctx.course.id);
  warn_about_modes(ctx, book);

  const batch::GradeFn grade = [&](const batch::ExercisePlan& plan,
                                   const std::filesystem::path& file, const std::string& display) {
    const spec::Language* language = ctx.course.language_for(file);
    if (language == nullptr) {  // find_file() only finds the course's extensions
      throw Error(ErrorKind::kInternal, "no language grades " + file.string());
    }
    check::GradeRequest request = requests.at(std::pair(plan.id, language->id));
    request.submission = file;
    request.submission_root = class_dir;  // no link may lead into another student's folder
    run::ProcessRunner runner;
    check::Grader grader(runner, [](const std::filesystem::path& work_dir) {
      return run::submission_environment(work_dir, environ, python_site());
    });
    check::GradeResult result = grader.grade(request);
    result.submission.path = display;
    // The gradebook is the instructor's: hidden checks in full.
    return report::to_json(result, report::View::kInstructor, request.exercise)
        .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  };

  const bool terminal = ::isatty(STDERR_FILENO) == 1;
  batch::Progress progress(ctx.err, terminal, roster.students.size() * plans.size(),
                           std::chrono::steady_clock::now());
  if (!roster.skipped.empty()) {
    // Folder names are the students' choice: each one escaped, all on one line.
    std::vector<std::string> names;
    names.reserve(roster.skipped.size());
    for (const std::string& name : roster.skipped) {
      names.push_back(report::one_line(name));
    }
    progress.message(fmt::format("skipped {} folder(s) that --id-pattern does not match: {}",
                                 names.size(), fmt::join(names, ", ")));
  }
  // The workers' run folders: removed with whatever a killed worker left in them.
  const TempDir scratch =
      TempDir::create("grade-batch-")
          .value_or_throw(ErrorKind::kInternal, "cannot make a folder for the batch");
  std::error_code ec;
  std::filesystem::permissions(scratch.path(),
                               std::filesystem::perms::owner_all |
                                   std::filesystem::perms::group_exec |
                                   std::filesystem::perms::others_exec,
                               ec);
  batch::BatchOptions batch_options;
  batch_options.scratch_root = scratch.path();
  batch_options.jobs = options.jobs > 0 ? options.jobs : usable_cpus();
  batch_options.force = options.force;
  batch_options.host = host_name();
  batch_options.on_interrupt = [&progress](int signal, int count, std::size_t running) {
    if (count == 1) {
      progress.message(fmt::format(
          "grade: {} received: finishing the {} running grading(s), starting no more; press "
          "Ctrl-C again to stop them now. Run the same command again to resume.",
          signal == SIGINT ? "interrupt" : "termination request", running));
    } else {
      progress.message("grade: stopping now; the running gradings are not recorded.");
    }
  };
  const batch::BatchReport report =
      batch::run_batch(roster, plans, book, grade, progress, batch_options);

  batch::write_summary(ctx.out, book.summary(ids), ctx.color);
  fmt::print(ctx.out,
             "\n{} student(s) × {} exercise(s){}: {} graded, {} up to date, {} failed, {} "
             "error(s) in {}. Gradebook: {}\n",
             roster.students.size(), plans.size(),
             shard.whole() ? std::string() : fmt::format(" (shard {})", shard.text()),
             report.graded, report.up_to_date, report.failed, report.errors,
             batch::Progress::duration(report.seconds), db.string());
  const std::size_t undone = report.total - report.up_to_date - report.graded;
  if (report.interrupted && undone > 0) {
    fmt::print(ctx.out, "Interrupted: {} grading(s) not done. Run the same command to resume.\n",
               undone);
    return 128 + report.signal;
  }
  return report.errors > 0 ? static_cast<int>(ExitCode::kInternal)
                           : static_cast<int>(ExitCode::kPassed);
}

int export_gradebook(const Context& ctx, const ExportOptions& options) {
  const std::vector<std::string> ids = chosen_exercises(ctx, options.exercises);
  batch::Gradebook book = batch::Gradebook::open(ctx.cwd / options.db,
                                                 batch::Gradebook::Mode::kReadOnly, ctx.course.id);
  std::ofstream file;
  std::ostream* out = &ctx.out;
  if (options.output) {
    file = open_output_file(ctx.cwd / *options.output);
    out = &file;
  }
  if (options.format == "csv") {
    batch::CsvOptions csv;
    csv.points_possible_row = options.points_possible_row;
    csv.total_column = options.total_column;
    book.export_csv(*out, ids, csv);
  } else if (options.format == "jsonl") {
    book.export_jsonl(*out);
  } else {
    batch::export_junit(*out, book);
  }
  out->flush();
  if (!*out) {
    throw Error(ErrorKind::kInternal,
                fmt::format("cannot write the export to {}", options.output.value_or("stdout")));
  }
  return static_cast<int>(ExitCode::kPassed);
}

int merge_gradebooks(const Context& ctx, const std::string& into,
                     const std::vector<std::string>& shards) {
  std::vector<std::filesystem::path> paths;
  paths.reserve(shards.size());
  for (const std::string& shard : shards) {
    paths.push_back(ctx.cwd / shard);
  }
  batch::Gradebook book =
      batch::Gradebook::open(ctx.cwd / into, batch::Gradebook::Mode::kCreate, ctx.course.id);
  warn_about_modes(ctx, book);
  book.merge(paths);
  fmt::print(ctx.out, "merged {} gradebook(s) into {}\n", paths.size(), into);
  return static_cast<int>(ExitCode::kPassed);
}

int show_summary(const Context& ctx, const std::string& db, std::vector<std::string> exercises) {
  const std::vector<std::string> ids = chosen_exercises(ctx, std::move(exercises));
  batch::Gradebook book =
      batch::Gradebook::open(ctx.cwd / db, batch::Gradebook::Mode::kReadOnly, ctx.course.id);
  batch::write_summary(ctx.out, book.summary(ids), ctx.color);
  return static_cast<int>(ExitCode::kPassed);
}

}  // namespace grade::cli
