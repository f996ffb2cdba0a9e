// `grade status`: every exercise of the course as the student stands with it in the current
// folder: the file `grade EXERCISE` would grade (or "missing"), the last result and score and
// when, and the last change of verdict, from the history `grade EXERCISE` keeps
// (cli/grade_history.h). `grade` without arguments shows it too, in a folder where there is
// something to show.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "cli/command_line.h"
#include "cli/context.h"
#include "cli/history.h"

namespace grade::cli {

struct StatusRow {
  std::string exercise;
  std::string file;            // the one submission found, "" when none
  std::size_t candidates = 0;  // files found (more than one: `grade EXERCISE` asks which)
  bool changed = false;        // the file is the one graded last, edited since
  std::string problem;         // the exercise's spec does not load
  std::optional<history::Entry> entry;
};

// The rows of every exercise for the current folder of `ctx`.
std::vector<StatusRow> status_rows(const Context& ctx, const GradeOptions& options);

// The table, at most `width` columns wide where its cells allow, and the count of passes.
std::string status_text(const std::vector<StatusRow>& rows, history::Time now, std::size_t width);

// The exercises whose latest verdict (errors aside) is "passed".
std::size_t passed_count(const std::vector<StatusRow>& rows);

// One JSON document (status_version 1): every row, times in UTC (ISO 8601). In status_json.cc.
std::string status_json(const Context& ctx, const std::vector<StatusRow>& rows);

// Whether `grade` without arguments should show the status rather than the help: the current
// folder is in a course's folder, or holds a submission or a history of this course.
bool status_worth_showing(const Context& ctx, const std::vector<StatusRow>& rows);

// Prints the status in the format `options` asks for (text or json); returns the exit code.
int show_status(const Context& ctx, const GradeOptions& options,
                const std::vector<StatusRow>& rows);

// Declares `grade status`.
void add_status_command(CLI::App& app, CommandLine& line);

}  // namespace grade::cli
