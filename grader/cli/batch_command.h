// `grade batch`, `grade export`, `grade merge`: grading a class into a gradebook, and
// getting results out of it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/context.h"
#include "cli/grade_command.h"

namespace grade::cli {

struct BatchCommandOptions {
  std::string class_dir;               // one sub-folder per student
  std::vector<std::string> exercises;  // default: all of the course's
  int jobs = 0;                        // 0: one per core
  std::optional<std::string> db;       // default: gradebook.sqlite, or one per shard
  bool force = false;
  std::string shard;       // "K/N"; empty: everything
  std::string id_pattern;  // takes the student id out of folder names
  GradeOptions run;        // how each submission is run (interpreter, repeat, isolation)
};

// Exit code: 0 every submission graded (whatever its score), 3 when some could not be graded
// (recorded as errors; the next run retries them), 128+signal when interrupted.
int batch_grade(const Context& ctx, const BatchCommandOptions& options);

struct ExportOptions {
  std::string format;  // csv | jsonl | junit
  std::string db = "gradebook.sqlite";
  std::optional<std::string> output;
  std::vector<std::string> exercises;  // default: all of the course's
  bool points_possible_row = false;    // csv: a second row with each exercise's points
  bool total_column = true;            // csv: a last column with the total
};
int export_gradebook(const Context& ctx, const ExportOptions& options);

int merge_gradebooks(const Context& ctx, const std::string& into,
                     const std::vector<std::string>& shards);

int show_summary(const Context& ctx, const std::string& db, std::vector<std::string> exercises);

}  // namespace grade::cli
