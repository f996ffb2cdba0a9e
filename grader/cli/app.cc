#include "cli/app.h"

#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <map>

#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <unistd.h>

#include "cli/batch_command.h"
#include "cli/course_locator.h"
#include "cli/grade_command.h"
#include "cli/info_commands.h"
#include "report/color.h"
#include "report/safe_text.h"
#include "spec/course_loader.h"
#include "util/error.h"

namespace grade::cli {

namespace {

const char* env_or_null(const char* name) {
  return std::getenv(name);
}  // NOLINT(concurrency-mt-unsafe): read before any thread exists

spec::Course load_course(const std::optional<std::string>& course_flag) {
  CourseSearch search;
  if (course_flag) {
    search.flag = std::filesystem::path(*course_flag);
  }
  if (const char* env = env_or_null("GRADE_COURSE")) {
    search.env = env;
  }
  search.cwd = std::filesystem::current_path();
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    search.fallbacks.push_back(exe.parent_path().parent_path() / "share" / "grade");
  }
  search.fallbacks.emplace_back(GRADE_INSTALLED_COURSE_DIR);
  search.fallbacks.emplace_back(GRADE_SOURCE_COURSE_DIR);
  return spec::load_course(locate_course(search));
}

int run_app(int argc, char** argv) {
  CLI::App app{
      "grade: checks student programs about processes and threads against the course's specs.\n"
      "  grade EXERCISE [SUBMISSION]   grade a submission (default: EXERCISE.py here)\n"
      "  grade list | show EXERCISE | init EXERCISE\n"
      "  grade batch CLASS_FOLDER      grade every student into a gradebook\n"
      "  grade export csv|jsonl | merge GRADEBOOK SHARDS... | summary",
      "grade"};
  app.set_version_flag("--version", std::string("grade ") + GRADE_VERSION);
  app.require_subcommand(0, 1);

  std::optional<std::string> course;
  std::string color = "auto";
  app.add_option("--course", course,
                 "Course folder or course.yaml (default: $GRADE_COURSE, then search)");
  app.add_option("--color", color, "Colors in the text report")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  GradeOptions grade;
  app.add_option("exercise", grade.exercise, "Exercise to grade, e.g. ex1");
  app.add_option("submission", grade.submission,
                 "File to grade (default: EXERCISE.py in this folder)");
  app.add_option("--repeat", grade.repeat, "Runs per grading (default: from the spec)")
      ->check(CLI::Range(1, 1000));
  std::map<std::string, Format> formats{{"text", Format::kText},
                                        {"json", Format::kJson},
                                        {"gradescope", Format::kGradescope},
                                        {"junit", Format::kJunit}};
  app.add_option("--format", grade.format,
                 "Report format: text, json, gradescope (results.json) or junit (XML)")
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case))
      ->option_text("text|json|gradescope|junit");
  std::map<std::string, report::View> views{{"student", report::View::kStudent},
                                            {"instructor", report::View::kInstructor}};
  app.add_option("--view", grade.view,
                 "Who the report is for: student (hidden checks only counted) or instructor "
                 "(every detail); gradescope output always has every detail")
      ->transform(CLI::CheckedTransformer(views, CLI::ignore_case))
      ->option_text("student|instructor");
  app.add_option("-o,--output", grade.output, "Write the report to this file instead of stdout");
  app.add_option("--interpreter", grade.interpreter,
                 "Interpreter to run submissions with (default: resolved from PATH)");
  app.add_flag("-v,--verbose", grade.verbose, "Show every run and the full output");
  app.add_flag("!--no-cache", grade.use_cache,
               "Resolve the interpreter and build again instead of using ~/.cache/grade");
  app.add_option("--run-as", grade.run_as,
                 "When run as root: one user every run runs as, a name, UID or UID:GID "
                 "(default: a uid of --run-uids per run)");
  app.add_option("--run-uids", grade.run_uids,
                 "When run as root: the uids without an account that runs take one each, "
                 "FIRST-LAST (default: 60500-60999)");
  app.add_flag("!--allow-network", grade.cut_network,
               "Let submissions use the network (by default each run gets none, where the "
               "system allows it)");
  app.add_flag("!--no-private-view", grade.private_view,
               "Let runs see the machine's files as their user may, instead of a private view "
               "of their own (for diagnosing a setup; grading is weaker)");
  app.add_flag("!--no-observe", grade.observe,
               "Do not trace runs; checks of the processes and threads a run created are "
               "skipped (grading is weaker)");

  CLI::App* list = app.add_subcommand("list", "List the course's exercises");
  CLI::App* show = app.add_subcommand("show", "Show an exercise: task, output contract, checks");
  std::string show_id;
  show->add_option("exercise", show_id, "Exercise id")->required();
  CLI::App* init = app.add_subcommand("init", "Copy an exercise's starter file into this folder");
  std::string init_id;
  std::string language = "python";
  init->add_option("exercise", init_id, "Exercise id")->required();
  init->add_option("--language", language, "Language of the starter file");

  CLI::App* batch = app.add_subcommand(
      "batch", "Grade a class: one sub-folder per student, into a gradebook (docs/instructors.md)");
  BatchCommandOptions batch_options;
  batch->add_option("class", batch_options.class_dir, "Folder with one sub-folder per student")
      ->required();
  batch
      ->add_option("--exercises", batch_options.exercises,
                   "Exercises to grade, comma-separated (default: all)")
      ->delimiter(',');
  batch->add_option("-j,--jobs", batch_options.jobs, "Gradings at once (default: one per core)")
      ->check(CLI::Range(1, 1024));
  batch->add_option("--db", batch_options.db,
                    "Gradebook file (default: gradebook.sqlite, or gradebook-K-of-N.sqlite "
                    "with --shard)");
  batch->add_flag("--force", batch_options.force,
                  "Grade again what the gradebook already holds for the same file and spec");
  batch->add_option(
      "--shard", batch_options.shard,
      "Grade only the K-th of N slices of the students, e.g. 2/8 (docs/instructors.md)");
  batch->add_option("--id-pattern", batch_options.id_pattern,
                    "Regular expression with one group that takes the student id out of a "
                    "folder name (for LMS exports)");

  CLI::App* export_cmd = app.add_subcommand(
      "export", "Write the gradebook's current results: CSV, JSON lines or JUnit");
  ExportOptions export_options;
  export_cmd->add_option("format", export_options.format, "csv, jsonl or junit")
      ->required()
      ->check(CLI::IsMember({"csv", "jsonl", "junit"}));
  export_cmd->add_option("--db", export_options.db, "Gradebook file (default: gradebook.sqlite)");
  export_cmd->add_option("-o,--output", export_options.output,
                         "Write to this file instead of stdout");
  export_cmd
      ->add_option("--exercises", export_options.exercises,
                   "Exercise columns of the CSV, comma-separated (default: all)")
      ->delimiter(',');
  export_cmd->add_flag("--points-possible", export_options.points_possible_row,
                       "CSV: a second row with the points of each exercise (Canvas reads it)");
  export_cmd->add_flag("!--no-total", export_options.total_column, "CSV: no total column");

  CLI::App* merge = app.add_subcommand(
      "merge", "Combine shard gradebooks into one (idempotent: merging twice changes nothing)");
  std::string merge_into;
  std::vector<std::string> merge_from;
  merge->add_option("gradebook", merge_into, "Gradebook to merge into (made when missing)")
      ->required();
  merge->add_option("shards", merge_from, "Shard gradebooks to merge")->required();

  CLI::App* summary = app.add_subcommand("summary", "Show a gradebook's summary table again");
  std::string summary_db = "gradebook.sqlite";
  std::vector<std::string> summary_exercises;
  summary->add_option("--db", summary_db, "Gradebook file (default: gradebook.sqlite)");
  summary->add_option("--exercises", summary_exercises, "Exercises, comma-separated")
      ->delimiter(',');

  for (CLI::App* sub : {list, show, init, batch, export_cmd, merge, summary}) {
    sub->fallthrough();
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::kUsage);
  }

  Context ctx{load_course(course), std::filesystem::current_path(), std::cout, std::cerr, false};
  // An explicit --color=always overrides NO_COLOR, as https://no-color.org asks of flags.
  ctx.color = color == "always" ||
              (color == "auto" && report::use_color(::isatty(STDOUT_FILENO) == 1,
                                                    env_or_null("NO_COLOR"), env_or_null("TERM")));

  if (list->parsed()) {
    return list_exercises(ctx);
  }
  if (show->parsed()) {
    return show_exercise(ctx, show_id, grade.view);
  }
  if (init->parsed()) {
    return init_exercise(ctx, init_id, language);
  }
  if (batch->parsed()) {
    if (grade.output || grade.format != Format::kText || grade.verbose) {
      throw Error(ErrorKind::kUsage,
                  "grade batch writes a gradebook, not a report: leave out -o, --format and "
                  "--verbose, and use `grade export csv|jsonl|junit` afterwards");
    }
    batch_options.run = grade;
    return batch_grade(ctx, batch_options);
  }
  if (export_cmd->parsed()) {
    return export_gradebook(ctx, export_options);
  }
  if (merge->parsed()) {
    return merge_gradebooks(ctx, merge_into, merge_from);
  }
  if (summary->parsed()) {
    return show_summary(ctx, summary_db, summary_exercises);
  }
  if (grade.exercise.empty()) {
    fmt::print(std::cerr, "{}", app.help());
    return static_cast<int>(ExitCode::kUsage);
  }
  return grade_exercise(ctx, grade);
}

// Started with stdin, stdout or stderr closed, the grader's next open() would return 0, 1 or
// 2, and a file it means for itself (a pipe, a lock) would become a child's standard stream.
void occupy_standard_fds() {
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      // Lowest free number: this very fd. Nothing to report to if it fails.
      (void)::open("/dev/null", O_RDWR);  // NOLINT(android-cloexec-open): kept on purpose
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  occupy_standard_fds();
  try {
    return run_app(argc, argv);
  } catch (const Error& e) {
    // Messages quote paths, student ids and SQLite's words: shown escaped, never as controls.
    fmt::print(std::cerr, "grade: error: {}\n", report::terminal_safe(e.what()));
    return static_cast<int>(e.exit_code());
  } catch (const std::exception& e) {
    fmt::print(std::cerr, "grade: internal error: {}\n", report::terminal_safe(e.what()));
    return static_cast<int>(ExitCode::kInternal);
  }
}

}  // namespace grade::cli
