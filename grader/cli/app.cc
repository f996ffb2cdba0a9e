#include "cli/app.h"

#include <cerrno>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <unistd.h>

#include "cli/batch_command.h"
#include "cli/command_line.h"
#include "cli/course_locator.h"
#include "cli/grade_command.h"
#include "cli/gradebook_commands.h"
#include "cli/help_text.h"
#include "cli/info_commands.h"
#include "cli/report_command.h"
#include "cli/selftest_command.h"
#include "cli/status_command.h"
#include "cli/validate_command.h"
#include "report/color.h"
#include "report/safe_text.h"
#include "run/environment.h"
#include "spec/course_loader.h"
#include "util/error.h"
#include "util/timings.h"

namespace grade::cli {

namespace {

// A variable of the grader's own environment, looked up in `environ` as every environment the
// grader reads is (run/environment.h).
std::optional<std::string> own_variable(std::string_view name) {
  const std::optional<std::string_view> value = run::find_variable(environ, name);
  return value ? std::optional<std::string>(*value) : std::nullopt;
}

spec::Course load_course(const std::optional<std::string>& course_flag) {
  CourseSearch search;
  if (course_flag) {
    search.flag = std::filesystem::path(*course_flag);
  }
  search.env = own_variable("GRADE_COURSE");
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

// Colours in the text report: as --color says, or for `auto` as the terminal, NO_COLOR and TERM
// say. An explicit --color=always overrides NO_COLOR, as https://no-color.org asks of flags.
bool use_color(const std::string& color) {
  if (color != "auto") {
    return color == "always";
  }
  const std::optional<std::string> no_color = own_variable("NO_COLOR");
  const std::optional<std::string> term = own_variable("TERM");
  return report::use_color(::isatty(STDOUT_FILENO) == 1, no_color ? no_color->c_str() : nullptr,
                           term ? term->c_str() : nullptr);
}

// The options of the top level that every command reads.
void add_global_options(CLI::App& app, CommandLine& line) {
  app.set_version_flag("--version", std::string("grade ") + GRADE_VERSION);
  app.require_subcommand(0, 1);
  app.add_option("--course", line.course,
                 "Course folder or course.yaml (default: $GRADE_COURSE, then search)");
  app.add_option("--color", line.color, "Colors in the text report")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

int run_app(int argc, char** argv) {
  CLI::App app{kHelpDescription, "grade"};
  CommandLine line;
  add_global_options(app, line);
  // In the order --help lists them.
  add_grade_command(app, line);
  add_info_commands(app, line);
  add_status_command(app, line);
  add_validate_command(app, line);
  add_selftest_command(app, line);
  add_batch_command(app, line);
  add_gradebook_commands(app, line);
  add_report_command(app, line);
  group_for_help(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::kUsage);
  }
  spec::Course course;
  try {
    course = load_course(line.course);
  } catch (const Error& e) {
    // `grade validate` reports a broken course.yaml in its own format (JSON for CI).
    if (e.kind() != ErrorKind::kSpec || !line.on_broken_course) {
      throw;
    }
    return line.on_broken_course(e, std::cout);
  }
  const Context ctx{std::move(course), std::filesystem::current_path(), std::cout, std::cerr,
                    use_color(line.color)};
  return line.command(ctx);
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
  timings::start();
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
