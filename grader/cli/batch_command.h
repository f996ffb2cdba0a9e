// `grade batch`: grading a class into a gradebook.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "batch/roster.h"
#include "cli/command_line.h"
#include "cli/context.h"
#include "cli/grade_options.h"
#include "util/temp_dir.h"

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
// (recorded as errors; the next run retries them), 128+signal when interrupted. Throws
// grade::Error(kUsage) for options of a report (-o, --format, --verbose) in `options.run`.
int batch_grade(const Context& ctx, const BatchCommandOptions& options);

// Declares `batch`'s own options on the subcommand `batch`, bound to `options`.
void add_batch_options(CLI::App& batch, BatchCommandOptions& options);

// Declares `batch` on `app`; when parsed, it becomes `line.command`, and runs submissions with
// the top level's grading options.
void add_batch_command(CLI::App& app, CommandLine& line);

// The workers' run folders (their TMPDIRs), searchable by the users runs run as; removed
// with whatever a killed worker left in them.
TempDir make_worker_scratch(const std::string& prefix);

// The gradebook when --db names none: one per shard, so that shards may share a folder.
std::string default_gradebook(const batch::Shard& shard);

// The line that names the folders --id-pattern skipped (they are the students' choice: each one
// escaped, all on one line); empty when it skipped none.
std::string skipped_folders_message(const std::vector<std::string>& skipped);

}  // namespace grade::cli
