// One batch: every student of a roster × every chosen exercise, graded in worker processes
// (batch/worker_pool.h) into a gradebook (batch/gradebook.h), skipping what the gradebook
// already holds for the same submission and spec.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "batch/gradebook.h"
#include "batch/progress.h"
#include "batch/roster.h"

namespace grade::batch {

// What the batch needs to know of an exercise; the grading itself is GradeFn's business.
struct ExercisePlan {
  std::string id;
  std::string spec_sha256;              // of everything that decides the grade (cli decides)
  std::vector<std::string> extensions;  // a student's file is <id><extension>, first found
  int max_score = 0;                    // recorded for a missing file
  std::chrono::milliseconds deadline{std::chrono::minutes(10)};  // for the worker
};

// Grades one file and returns the result document (report/json_report.h, instructor view).
// Runs inside a worker process.
using GradeFn =
    std::function<std::string(const ExercisePlan& exercise, const std::filesystem::path& file,
                              const std::string& display_path)>;

struct BatchOptions {
  int jobs = 1;
  bool force = false;                  // grade again even what is up to date
  std::string host;                    // recorded with every attempt
  std::filesystem::path scratch_root;  // the workers' TMPDIRs (batch/worker_pool.h)
  // SIGINT / SIGTERM: what to tell the operator (the first lets running gradings finish).
  std::function<void(int signal, int count, std::size_t running)> on_interrupt;
};

struct BatchReport {
  std::size_t total = 0;       // students × exercises
  std::size_t up_to_date = 0;  // skipped: unchanged since their last grading
  std::size_t graded = 0;      // graded now (including missing files recorded now)
  std::size_t failed = 0;
  std::size_t errors = 0;     // the grader could not grade; retried by the next run
  std::size_t cancelled = 0;  // running when the batch was aborted; not recorded
  bool interrupted = false;
  int signal = 0;
  double seconds = 0;
};

BatchReport run_batch(const Roster& roster, const std::vector<ExercisePlan>& exercises,
                      Gradebook& book, const GradeFn& grade, Progress& progress,
                      const BatchOptions& options);

}  // namespace grade::batch
