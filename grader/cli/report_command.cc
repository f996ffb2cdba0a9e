#include "cli/report_command.h"

#include <fstream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "batch/class_report.h"
#include "cli/output_file.h"
#include "util/error.h"

namespace grade::cli {

int write_class_report(const Context& ctx, const ReportOptions& options) {
  const std::vector<std::string> ids = ctx.chosen_exercises(options.exercises);
  const batch::Gradebook book = batch::Gradebook::open(
      ctx.cwd / options.db, batch::Gradebook::Mode::kReadOnly, ctx.course.id);
  const batch::ClassReport report = batch::build_class_report(book, ids);
  std::ofstream file;
  std::ostream* out = &ctx.out;
  if (options.output) {
    file = open_output_file(ctx.cwd / *options.output);
    out = &file;
  }
  batch::write_class_report(*out, report);
  out->flush();
  if (!*out) {
    throw Error(ErrorKind::kInternal,
                fmt::format("cannot write the report to {}", options.output.value_or("stdout")));
  }
  return static_cast<int>(ExitCode::kPassed);
}

void add_report_command(CLI::App& app, CommandLine& line) {
  // Owned by the command, which the app keeps until it has run.
  auto options = std::make_shared<ReportOptions>();
  CLI::App* report = add_command(
      app, line, "report",
      "Write the class report of a gradebook: one HTML file with charts and every attempt",
      [options](const Context& ctx) { return write_class_report(ctx, *options); });
  report->add_option("format", options->format, "html")->required()->check(CLI::IsMember({"html"}));
  report->add_option("--db", options->db, "Gradebook file (default: gradebook.sqlite)");
  report->add_option("-o,--output", options->output, "Write to this file instead of stdout");
  report->add_option("--exercises", options->exercises, "Exercises, comma-separated (default: all)")
      ->delimiter(',');
}

}  // namespace grade::cli
