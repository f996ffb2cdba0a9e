#include "cli/gradebook_commands.h"

#include <fstream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "batch/junit_export.h"
#include "batch/summary_table.h"
#include "cli/command_line.h"
#include "cli/output_file.h"
#include "report/safe_text.h"
#include "util/error.h"

namespace grade::cli {

namespace {

void add_canvas_options(CLI::App& export_cmd, CanvasOptions& canvas) {
  export_cmd.add_option("--from", canvas.from,
                        "canvas: the gradebook exported from Canvas (Grades, Export) to fill in");
  export_cmd
      .add_option("--match", canvas.match,
                  "canvas: the Canvas column holding the student ids of the gradebook: "
                  "sis-user-id (default), sis-login-id or id")
      ->check(CLI::IsMember({"sis-user-id", "sis-login-id", "id"}));
  // One value per --column: a header may hold spaces, and the format must not be taken as one.
  export_cmd
      .add_option("--column", canvas.columns,
                  "canvas: EXERCISE=COLUMN, the Canvas column of an exercise (its header, "
                  "Canvas id or title); repeatable")
      ->allow_extra_args(false);
}

void add_export_command(CLI::App& app, CommandLine& line) {
  // Owned by the command, which the app keeps until it has run.
  auto options = std::make_shared<ExportOptions>();
  CLI::App* export_cmd = add_command(
      app, line, "export",
      "Write the gradebook's current results: CSV, JSON lines, JUnit, or a Canvas gradebook "
      "export filled in for Canvas's import",
      [options](const Context& ctx) { return export_gradebook(ctx, *options); });
  export_cmd->add_option("format", options->format, "csv, jsonl, junit or canvas")
      ->required()
      ->check(CLI::IsMember({"csv", "jsonl", "junit", "canvas"}));
  export_cmd->add_option("--db", options->db, "Gradebook file (default: gradebook.sqlite)");
  export_cmd->add_option("-o,--output", options->output, "Write to this file instead of stdout");
  export_cmd
      ->add_option("--exercises", options->exercises,
                   "Exercises, comma-separated: the CSV's columns, the Canvas columns filled "
                   "(default: all)")
      ->delimiter(',');
  export_cmd->add_flag("--points-possible", options->points_possible_row,
                       "CSV: a second row with the points of each exercise");
  add_off_flag(*export_cmd, "--no-total", options->total_column, "CSV: no total column");
  add_canvas_options(*export_cmd, options->canvas);
}

void add_merge_command(CLI::App& app, CommandLine& line) {
  struct MergeOptions {
    std::string into;
    std::vector<std::string> shards;
  };
  auto options = std::make_shared<MergeOptions>();
  CLI::App* merge =
      add_command(app, line, "merge",
                  "Combine shard gradebooks into one (idempotent: merging twice changes nothing)",
                  [options](const Context& ctx) {
                    return merge_gradebooks(ctx, options->into, options->shards);
                  });
  merge->add_option("gradebook", options->into, "Gradebook to merge into (made when missing)")
      ->required();
  merge->add_option("shards", options->shards, "Shard gradebooks to merge")->required();
}

void add_summary_command(CLI::App& app, CommandLine& line) {
  struct SummaryOptions {
    std::string db = "gradebook.sqlite";
    std::vector<std::string> exercises;
  };
  auto options = std::make_shared<SummaryOptions>();
  CLI::App* summary = add_command(
      app, line, "summary", "Show a gradebook's summary table again",
      [options](const Context& ctx) { return show_summary(ctx, options->db, options->exercises); });
  summary->add_option("--db", options->db, "Gradebook file (default: gradebook.sqlite)");
  summary->add_option("--exercises", options->exercises, "Exercises, comma-separated")
      ->delimiter(',');
}

// An option of another format would be ignored without a word: refused instead.
void check_format_options(const ExportOptions& options) {
  const bool canvas = options.format == "canvas";
  if (canvas && options.canvas.from.empty()) {
    throw Error(ErrorKind::kUsage,
                "grade export canvas needs --from FILE: the gradebook exported from Canvas");
  }
  if (!canvas && (!options.canvas.from.empty() || !options.canvas.columns.empty())) {
    throw Error(ErrorKind::kUsage, "--from and --column are options of grade export canvas");
  }
  if (options.format != "csv" && (options.points_possible_row || !options.total_column)) {
    throw Error(ErrorKind::kUsage,
                "--points-possible and --no-total are options of grade export csv (a Canvas "
                "file keeps its own Points Possible row and columns)");
  }
}

}  // namespace

void warn_about_modes(const Context& ctx, const batch::Gradebook& book) {
  for (const std::string& warning : book.warnings()) {
    fmt::print(ctx.err, "grade: warning: {}\n", report::terminal_safe(warning));
  }
}

int export_gradebook(const Context& ctx, const ExportOptions& options) {
  check_format_options(options);
  const std::vector<std::string> ids = ctx.chosen_exercises(options.exercises);
  batch::Gradebook book = batch::Gradebook::open(ctx.cwd / options.db,
                                                 batch::Gradebook::Mode::kReadOnly, ctx.course.id);
  std::string canvas_file;
  if (options.format == "canvas") {
    // Made whole before the output is opened: a refused Canvas file leaves no output file.
    CanvasOptions canvas = options.canvas;
    canvas.exercises_named = !options.exercises.empty();
    canvas_file = canvas_import_file(ctx, book, ids, canvas);
  }
  std::ofstream file;
  std::ostream* out = &ctx.out;
  if (options.output) {
    file = open_output_file(ctx.cwd / *options.output);
    out = &file;
  }
  if (options.format == "csv") {
    batch::CsvOptions csv;
    csv.points_possible_row = options.points_possible_row;
    csv.total_column = options.total_column;
    book.export_csv(*out, ids, csv);
  } else if (options.format == "canvas") {
    *out << canvas_file;
  } else if (options.format == "jsonl") {
    book.export_jsonl(*out);
  } else {
    batch::export_junit(*out, book);
  }
  out->flush();
  if (!*out) {
    throw Error(ErrorKind::kInternal,
                fmt::format("cannot write the export to {}", options.output.value_or("stdout")));
  }
  return static_cast<int>(ExitCode::kPassed);
}

int merge_gradebooks(const Context& ctx, const std::string& into,
                     const std::vector<std::string>& shards) {
  std::vector<std::filesystem::path> paths;
  paths.reserve(shards.size());
  for (const std::string& shard : shards) {
    paths.push_back(ctx.cwd / shard);
  }
  batch::Gradebook book =
      batch::Gradebook::open(ctx.cwd / into, batch::Gradebook::Mode::kCreate, ctx.course.id);
  warn_about_modes(ctx, book);
  book.merge(paths);
  fmt::print(ctx.out, "merged {} gradebook(s) into {}\n", paths.size(), into);
  return static_cast<int>(ExitCode::kPassed);
}

int show_summary(const Context& ctx, const std::string& db, std::vector<std::string> exercises) {
  const std::vector<std::string> ids = ctx.chosen_exercises(std::move(exercises));
  batch::Gradebook book =
      batch::Gradebook::open(ctx.cwd / db, batch::Gradebook::Mode::kReadOnly, ctx.course.id);
  batch::write_summary(ctx.out, book.summary(ids), ctx.color);
  return static_cast<int>(ExitCode::kPassed);
}

void add_gradebook_commands(CLI::App& app, CommandLine& line) {
  add_export_command(app, line);
  add_merge_command(app, line);
  add_summary_command(app, line);
}

}  // namespace grade::cli
