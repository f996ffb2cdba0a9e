#include "cli/validate_command.h"

#include <algorithm>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <nlohmann/json.hpp>

#include "report/safe_text.h"
#include "util/error.h"
#include "util/text.h"

namespace grade::cli {

namespace {

std::string_view severity_name(spec::Severity severity) {
  return severity == spec::Severity::kError ? "error" : "warning";
}

long long count(const std::vector<spec::Problem>& problems, spec::Severity severity) {
  return std::count_if(problems.begin(), problems.end(),
                       [&](const spec::Problem& p) { return p.severity == severity; });
}

// What is printed: the problems and what they are about.
struct Report {
  std::string course;    // the course's id; empty when course.yaml does not load
  std::string manifest;  // course.yaml
  std::size_t exercises = 0;
  std::vector<spec::Problem> problems;
};

// One line per problem, as compilers write them, escaped: messages quote the specs' text.
void print_text(std::ostream& out, const Report& shown) {
  for (const spec::Problem& p : shown.problems) {
    const std::string where = p.where.str();
    fmt::print(out, "{}{}{}: {}\n", report::one_line(where), where.empty() ? "" : ": ",
               severity_name(p.severity), report::one_line(p.message));
  }
  fmt::print(out, "{}, {} in {}\n",
             text::plural(count(shown.problems, spec::Severity::kError), "error", "errors"),
             text::plural(count(shown.problems, spec::Severity::kWarning), "warning", "warnings"),
             text::plural(static_cast<long long>(shown.exercises), "exercise", "exercises"));
}

nlohmann::json to_json(const spec::Problem& p) {
  return {{"file", p.where.file},     {"line", p.where.line},
          {"column", p.where.column}, {"severity", severity_name(p.severity)},
          {"message", p.message},     {"exercise", p.exercise}};
}

void print_json(std::ostream& out, const Report& shown) {
  nlohmann::json errors = nlohmann::json::array();
  nlohmann::json warnings = nlohmann::json::array();
  for (const spec::Problem& p : shown.problems) {
    (p.severity == spec::Severity::kError ? errors : warnings).push_back(to_json(p));
  }
  const nlohmann::json document = {
      {"course", shown.course},
      {"manifest", shown.manifest},
      {"exercises", shown.exercises},
      {"error_count", errors.size()},
      {"warning_count", warnings.size()},
      {"errors", errors},
      {"warnings", warnings},
  };
  // Invalid UTF-8 in a quoted spec is replaced rather than thrown on.
  fmt::print(out, "{}\n", document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

int print(std::ostream& out, const Report& shown, Format format) {
  if (format == Format::kJson) {
    print_json(out, shown);
  } else {
    print_text(out, shown);
  }
  return count(shown.problems, spec::Severity::kError) == 0 ? 0
                                                            : static_cast<int>(ExitCode::kUsage);
}

void check_format(Format format) {
  if (format != Format::kText && format != Format::kJson) {
    throw Error(ErrorKind::kUsage, "grade validate writes --format text or json");
  }
}

}  // namespace

std::vector<spec::Problem> validate_course(const Context& ctx) {
  std::vector<spec::Problem> problems;
  for (const spec::ExerciseEntry& entry : ctx.course.exercises) {
    try {
      const spec::ExerciseLoad load = ctx.load_collecting(entry.id);
      for (const Error& e : load.errors.errors()) {
        problems.push_back(spec::problem_from_error(e.what(), entry.id));
      }
      if (load.errors.empty()) {
        const std::vector<spec::Problem> warnings =
            spec::exercise_warnings(ctx.course, entry, load.exercise);
        problems.insert(problems.end(), warnings.begin(), warnings.end());
      }
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kSpec) {
        throw;
      }
      problems.push_back(spec::problem_from_error(e.what(), entry.id));  // not YAML at all
    }
  }
  return problems;
}

int validate(const Context& ctx, Format format) {
  check_format(format);
  return print(ctx.out,
               Report{ctx.course.id, ctx.course.manifest.string(), ctx.course.exercises.size(),
                      validate_course(ctx)},
               format);
}

int validate_broken_course(const Error& error, Format format, std::ostream& out) {
  check_format(format);
  spec::Problem problem = spec::problem_from_error(error.what(), "");
  const std::string manifest = problem.where.file;
  return print(out, Report{"", manifest, 0, {std::move(problem)}}, format);
}

void add_validate_command(CLI::App& app, CommandLine& line) {
  CLI::App* validate_cmd = add_command(
      app, line, "validate", "Check every exercise of the course: all errors and warnings at once",
      [&line](const Context& ctx) { return validate(ctx, line.grade.format); });
  validate_cmd->parse_complete_callback([&line] {
    line.on_broken_course = [&line](const Error& error, std::ostream& out) {
      return validate_broken_course(error, line.grade.format, out);
    };
  });
}

}  // namespace grade::cli
