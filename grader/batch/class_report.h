// The class report (`grade report html`): per exercise the score histogram, pass rate, most
// failed checks with an example message, the run-time distribution and flaky submissions; a
// row per current attempt, and each attempt's details. Read from the gradebook's current
// attempts, each result document parsed once (batch/attempt_details.h).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "batch/flaky.h"
#include "batch/gradebook.h"
#include "report/html_attempt.h"
#include "report/svg_chart.h"

namespace grade::batch {

struct FailedCheckExample {
  std::string check_id;
  std::string title;
  std::string example;  // the message of its first failure, in student order
  int count = 0;        // current attempts in which it failed

  bool operator==(const FailedCheckExample&) const = default;
};

struct ExerciseReport {
  ExerciseSummary summary;                      // Gradebook::summary's statistics
  std::vector<FailedCheckExample> most_failed;  // at most kMostFailed, most failures first
  std::vector<double> run_seconds;              // wall time of every run of its current attempts
  int flaky = 0;                                // current attempts that are flaky
  static constexpr std::size_t kMostFailed = 5;
};

struct StudentRow {
  Attempt attempt;  // without its result_json
  int runs = 0;
  int runs_passed = 0;
  Flakiness flaky;
  bool has_details = false;  // its section is in `details`
};

struct ClassReport {
  std::string course_id;
  std::string gradebook;  // the file's name, for the heading
  int students = 0;
  std::vector<ExerciseReport> exercises;        // in the order asked for
  std::vector<StudentRow> rows;                 // by student, then exercise
  std::vector<report::AttemptDetails> details;  // of the rows with has_details, in row order
};

ClassReport build_class_report(const Gradebook& book, const std::vector<std::string>& exercise_ids);

// The self-contained page (report/html_writer.h's open_page).
void write_class_report(std::ostream& out, const ClassReport& report);

// The run-time histogram of an exercise: 10 bins from 0 to the longest run.
report::Histogram run_time_histogram(const std::vector<double>& seconds);

}  // namespace grade::batch
