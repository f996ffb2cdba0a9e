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

#include "cli/course_locator.h"
#include "cli/grade_command.h"
#include "cli/info_commands.h"
#include "report/color.h"
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
      "  grade list | show EXERCISE | init EXERCISE",
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
  for (CLI::App* sub : {list, show, init}) {
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
    fmt::print(std::cerr, "grade: error: {}\n", e.what());
    return static_cast<int>(e.exit_code());
  } catch (const std::exception& e) {
    fmt::print(std::cerr, "grade: internal error: {}\n", e.what());
    return static_cast<int>(ExitCode::kInternal);
  }
}

}  // namespace grade::cli
