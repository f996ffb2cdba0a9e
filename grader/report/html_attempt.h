// One grading as the HTML reports show it: score, checks, each run's output excerpt and the
// timeline of what it created. One renderer for the class report (each attempt of the
// gradebook, read back from its JSON document) and for the page of one grading
// (`grade EXERCISE FILE --html run.html`).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "check/result.h"
#include "report/html_writer.h"
#include "report/view.h"
#include "run/observation.h"

namespace grade::report {

struct RunDetails {
  int index = 0;  // 1-based
  bool passed = false;
  std::string verdict;  // run::verdict_name
  double wall_seconds = 0;
  std::string stdout_text;  // as captured (cut at the output limit)
  std::string stderr_text;
  bool observed = false;
  std::string not_observed_reason;  // when !observed
  std::vector<run::Task> tasks;     // in order of creation; tasks[0] is the launched process
};

struct AttemptDetails {
  std::string anchor;   // the section's id: the grader's own characters ([a-z0-9-])
  std::string student;  // empty for a grading of one file
  std::string exercise;
  std::string exercise_title;
  std::string submission;  // the file's name as given
  std::string status;      // "passed" | "failed" | "error"
  int score = 0;
  int max_score = 0;
  std::string error;                       // why it could not be graded, or why the build failed
  std::vector<check::CheckResult> checks;  // the deciding run's
  std::vector<RunDetails> runs;
};

// The details of a grading as `view` shows it (hidden checks reduced for a student).
AttemptDetails details_of(const check::GradeResult& result, View view);

// "2 processes and 3 threads created", from the listed tasks.
std::string describe_tasks(const std::vector<run::Task>& tasks);

enum class RunsShown {
  kEvery,     // each run's output and timeline: the page of one grading
  kDeciding,  // those of the deciding run (the first that failed, else the last), a line for
              // each other: a class report stays a few MB for hundreds of students
};

// The run whose checks are the attempt's: the first that failed, else the last; -1 for none.
int deciding_run_index(const AttemptDetails& attempt);

// <section class="attempt" id="ANCHOR"> with the attempt's heading, checks and runs.
void write_attempt_details(HtmlWriter& html, const AttemptDetails& attempt,
                           RunsShown shown = RunsShown::kEvery);

// The page of one grading: a self-contained HTML file (report/html_writer.h's open_page).
void write_run_page(std::ostream& out, const check::GradeResult& result, View view);

}  // namespace grade::report
