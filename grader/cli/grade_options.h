// How `grade EXERCISE` grades, as the command line says: the submission, the report and how
// runs are isolated. `grade batch` runs every submission with the same options.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "report/view.h"

namespace CLI {
class App;
}  // namespace CLI

namespace grade::cli {

enum class Format { kText, kJson, kGradescope, kJunit };

struct GradeOptions {
  std::string exercise;
  std::optional<std::string> submission;  // default: EXERCISE.<ext> in the current folder
  std::optional<int> repeat;              // default: the exercise's, then the course's
  Format format = Format::kText;
  // Hidden checks: details for instructors only. Gradescope output always has them (Gradescope
  // hides those tests from students itself).
  report::View view = report::View::kStudent;
  std::optional<std::string> output;  // write the report here instead of stdout
  std::optional<std::string> html;    // also write the grading's HTML page here (`grade EXERCISE`)
  std::optional<std::string> interpreter;  // use this interpreter instead of resolving one
  bool verbose = false;
  bool timings = false;      // where the time went, on stderr (--timings)
  bool observe = true;       // trace runs to see the processes and threads they create
  std::string run_as;        // when root: one user every run runs as (default: a uid per run)
  std::string run_uids;      // when root: "FIRST-LAST", the uids runs take one each
  bool cut_network = true;   // a new, empty network namespace per run where possible
  bool private_view = true;  // a private view of the files per run where possible
  // Folders no run may see even where they lie in the view (a batch's class and gradebook).
  std::vector<std::filesystem::path> hidden;
  bool use_cache = true;  // remember resolved interpreters and successful builds (~/.cache/grade)
  bool history =
      true;  // `grade EXERCISE`: remember the result for `grade status` (cli/grade_history.h)
};

// Declares EXERCISE, SUBMISSION and the options above on `app`, bound to `options`, which
// must outlive the parse.
void add_grade_options(CLI::App& app, GradeOptions& options);

}  // namespace grade::cli
