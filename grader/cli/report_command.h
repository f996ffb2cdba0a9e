// `grade report html`: the class report of a gradebook, one self-contained HTML file
// (batch/class_report.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/command_line.h"
#include "cli/context.h"

namespace grade::cli {

struct ReportOptions {
  std::string format;  // html
  std::string db = "gradebook.sqlite";
  std::optional<std::string> output;   // default: stdout
  std::vector<std::string> exercises;  // default: all of the course's
};

int write_class_report(const Context& ctx, const ReportOptions& options);

// Declares `report` on `app`; when parsed it becomes `line.command`.
void add_report_command(CLI::App& app, CommandLine& line);

}  // namespace grade::cli
