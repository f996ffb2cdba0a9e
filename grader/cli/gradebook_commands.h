// `grade export`, `grade merge`, `grade summary`: getting results out of a gradebook, and
// combining the gradebooks of shards.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "batch/gradebook.h"
#include "cli/canvas_export.h"
#include "cli/command_line.h"
#include "cli/context.h"

namespace grade::cli {

struct ExportOptions {
  std::string format;  // csv | jsonl | junit | canvas
  std::string db = "gradebook.sqlite";
  std::optional<std::string> output;
  std::vector<std::string> exercises;  // default: all of the course's
  bool points_possible_row = false;    // csv: a second row with each exercise's points
  bool total_column = true;            // csv: a last column with the total
  CanvasOptions canvas;                // canvas: the Canvas file to fill, how to match
};
int export_gradebook(const Context& ctx, const ExportOptions& options);

int merge_gradebooks(const Context& ctx, const std::string& into,
                     const std::vector<std::string>& shards);

int show_summary(const Context& ctx, const std::string& db, std::vector<std::string> exercises);

// Declares `export`, `merge` and `summary` on `app`; the one parsed becomes `line.command`.
void add_gradebook_commands(CLI::App& app, CommandLine& line);

// What is wrong with the modes of a gradebook about to be written (a file open to others),
// said before anything else is shown.
void warn_about_modes(const Context& ctx, const batch::Gradebook& book);

}  // namespace grade::cli
