#include "cli/grade_options.h"

#include <map>

#include <CLI/CLI.hpp>

#include "cli/command_line.h"

namespace grade::cli {

namespace {

// What is graded and how the report looks.
void add_report_options(CLI::App& app, GradeOptions& options) {
  app.add_option("exercise", options.exercise, "Exercise to grade, e.g. ex1");
  app.add_option("submission", options.submission,
                 "File to grade (default: the one EXERCISE.<extension> of an accepted language in "
                 "this folder)");
  app.add_option("--repeat", options.repeat, "Runs per grading (default: from the spec)")
      ->check(CLI::Range(1, 1000));
  const std::map<std::string, Format> formats{{"text", Format::kText},
                                              {"json", Format::kJson},
                                              {"gradescope", Format::kGradescope},
                                              {"junit", Format::kJunit}};
  app.add_option("--format", options.format,
                 "Report format: text, json, gradescope (results.json) or junit (XML)")
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case))
      ->option_text("text|json|gradescope|junit");
  const std::map<std::string, report::View> views{{"student", report::View::kStudent},
                                                  {"instructor", report::View::kInstructor}};
  app.add_option("--view", options.view,
                 "Who the report is for: student (hidden checks only counted) or instructor "
                 "(every detail); gradescope output always has every detail")
      ->transform(CLI::CheckedTransformer(views, CLI::ignore_case))
      ->option_text("student|instructor");
  app.add_option("-o,--output", options.output, "Write the report to this file instead of stdout");
  app.add_option("--html", options.html,
                 "Also write the grading as a web page with a timeline of each run's processes "
                 "and threads, to this file");
}

// How submissions are run: the interpreter, the cache and the isolation.
void add_run_options(CLI::App& app, GradeOptions& options) {
  app.add_option("--interpreter", options.interpreter,
                 "Interpreter to run submissions with (default: resolved from PATH)");
  app.add_flag("-v,--verbose", options.verbose, "Show every run and the full output");
  add_off_flag(app, "--no-cache", options.use_cache,
               "Resolve the interpreter and build again instead of using ~/.cache/grade");
  add_off_flag(app, "--no-history", options.history,
               "Do not remember this grading for `grade status` (also: GRADE_NO_HISTORY=1)");
  app.add_option("--run-as", options.run_as,
                 "When run as root: one user every run runs as, a name, UID or UID:GID "
                 "(default: a uid of --run-uids per run)");
  app.add_option("--run-uids", options.run_uids,
                 "When run as root: the uids without an account that runs take one each, "
                 "FIRST-LAST (default: 60500-60999)");
  add_off_flag(app, "--allow-network", options.cut_network,
               "Let submissions use the network (by default each run gets none, where the "
               "system allows it)");
  add_off_flag(app, "--no-private-view", options.private_view,
               "Let runs see the machine's files as their user may, instead of a private view "
               "of their own (for diagnosing a setup; grading is weaker)");
  app.add_flag("--timings", options.timings,
               "Print where the time of the grading went, phase by phase, on stderr "
               "(docs/performance.md)");
  add_off_flag(app, "--no-observe", options.observe,
               "Do not trace runs; checks of the processes and threads a run created are "
               "skipped (grading is weaker)");
}

}  // namespace

void add_grade_options(CLI::App& app, GradeOptions& options) {
  add_report_options(app, options);
  add_run_options(app, options);
}

}  // namespace grade::cli
