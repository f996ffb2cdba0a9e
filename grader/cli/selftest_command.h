// `grade selftest`: grades the course's own files as students' would be graded, in the workers of
// `grade batch`, and says whether the course behaves as its authors meant
// (docs/instructors.md#testing-a-course-grade-selftest).
#pragma once

#include <string>
#include <vector>

#include "cli/command_line.h"
#include "cli/context.h"
#include "cli/grade_options.h"

namespace grade::cli {

struct SelftestOptions {
  std::vector<std::string> exercises;  // default: all of the course's
  std::vector<std::string> languages;  // default: every language each exercise accepts
  int repeat = 20;                     // gradings of each reference solution
  int jobs = 0;                        // 0: one per usable CPU, as `grade batch`
  GradeOptions run;                    // how each file is run (isolation, cache, --format)
};

// Exit code: 0 when every case holds, 1 when one does not, 2 when a near miss's declaration
// is missing or wrong (nothing is graded then), 128+signal when interrupted. Throws
// grade::Error(kUsage) for an unknown exercise or language and for options of a single report.
int selftest(const Context& ctx, const SelftestOptions& options);

// Declares `selftest` on `app`; when parsed, it becomes `line.command`, and runs files with the
// top level's grading options.
void add_selftest_command(CLI::App& app, CommandLine& line);

}  // namespace grade::cli
