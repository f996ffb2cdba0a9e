#include "cli/info_commands.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "check/scoring.h"
#include "cli/submission_files.h"
#include "spec/exercise_languages.h"
#include "util/error.h"
#include "util/text.h"

namespace grade::cli {

namespace {

std::string indent(std::string_view block, std::string_view prefix) {
  std::string out;
  for (const std::string_view line : text::split_lines(text::trim(block))) {
    out += line.empty() ? std::string() : std::string(prefix) + std::string(line);
    out += '\n';
  }
  return out;
}

std::string seconds(std::chrono::milliseconds ms) {
  return fmt::format("{:g} s", static_cast<double>(ms.count()) / 1000.0);
}

// Bytes in the largest unit that divides them, as a spec would write them ("64 MiB").
std::string bytes(std::size_t n) {
  constexpr std::array<std::string_view, 4> kUnits = {"bytes", "KiB", "MiB", "GiB"};
  std::size_t unit = 0;
  while (unit + 1 < kUnits.size() && n >= 1024 && n % 1024 == 0) {
    n /= 1024;
    ++unit;
  }
  return fmt::format("{} {}", n, kUnits[unit]);
}

std::string describe_limits(const spec::Limits& limits) {
  return fmt::format(
      "{} wall time, {} CPU time and {} of memory per process, {} processes and threads at "
      "once, {} of output, files up to {}, {} open files",
      seconds(limits.wall_time), seconds(limits.cpu_time), bytes(limits.memory_bytes), limits.tasks,
      bytes(limits.output_bytes), bytes(limits.file_bytes), limits.open_files);
}

// `grade show` without an exercise: which ones there are, and how to ask (CLI11 would say only
// "exercise is required", before the course is read).
void require_exercise(const Context& ctx, const std::string& exercise_id,
                      std::string_view command) {
  if (!exercise_id.empty()) {
    return;
  }
  const std::vector<std::string> ids = ctx.course.exercise_ids();
  throw Error(ErrorKind::kUsage,
              fmt::format("grade {} needs an exercise, e.g. grade {} {} (exercises: {})", command,
                          command, ids.empty() ? "ex1" : ids.front(), text::join(ids, ", ")));
}

void add_show_command(CLI::App& app, CommandLine& line) {
  // Owned by the command, which the app keeps until it has run.
  auto exercise_id = std::make_shared<std::string>();
  CLI::App* show = add_command(app, line, "show", "Show an exercise: task, output contract, checks",
                               [exercise_id, &line](const Context& ctx) {
                                 require_exercise(ctx, *exercise_id, "show");
                                 return show_exercise(ctx, *exercise_id, line.grade.view);
                               });
  show->add_option("exercise", *exercise_id, "Exercise id, e.g. ex1");
}

void add_init_command(CLI::App& app, CommandLine& line) {
  struct InitOptions {
    std::string exercise;
    std::string language;   // empty: the exercise's first language
    bool notebook = false;  // the exercise's first notebook language
  };
  auto options = std::make_shared<InitOptions>();
  CLI::App* init = add_command(
      app, line, "init", "Copy an exercise's starter file into this folder",
      [options](const Context& ctx) {
        require_exercise(ctx, options->exercise, "init");
        return init_exercise(ctx, options->exercise, options->language, options->notebook);
      });
  init->add_option("exercise", options->exercise, "Exercise id, e.g. ex1");
  CLI::Option* language =
      init->add_option("--lang,--language", options->language,
                       "Language of the starter file (default: the exercise's first)");
  init->add_flag("--notebook", options->notebook, "Start from a Jupyter notebook (.ipynb)")
      ->excludes(language);
}

}  // namespace

int list_exercises(const Context& ctx) {
  // Every spec is loaded before anything is printed: a broken one is an error on its own,
  // not the end of half a listing.
  std::vector<spec::Exercise> exercises;
  std::size_t id_width = 0;
  std::size_t title_width = 0;
  for (const spec::ExerciseEntry& entry : ctx.course.exercises) {
    exercises.push_back(ctx.load(entry.id));
    id_width = std::max(id_width, exercises.back().id.size());
    title_width = std::max(title_width, exercises.back().title.size());
  }
  fmt::print(ctx.out, "{} ({}), from {}\n\n", ctx.course.title, ctx.course.id,
             (ctx.course.root / "course.yaml").string());
  for (const spec::Exercise& exercise : exercises) {
    fmt::print(ctx.out, "  {:<{}}  {:<{}}  {}\n", exercise.id, id_width, exercise.title,
               title_width, text::plural(exercise.max_score(), "point", "points"));
  }
  fmt::print(ctx.out,
             "\nShow one with `grade show EXERCISE`; start one with `grade init EXERCISE`.\n");
  return 0;
}

// "15 points", or, where some checks are for some languages only, what each language can
// earn: "14 points in python, 16 in cpp and c".
std::string points_by_language(const spec::Course& course, const spec::Exercise& exercise) {
  std::vector<std::pair<int, std::vector<std::string>>> groups;
  for (const spec::Language* language : accepted_languages(course, exercise)) {
    const int points = spec::for_language(exercise, language->id).max_score();
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const auto& g) { return g.first == points; });
    if (group == groups.end()) {
      groups.push_back({points, {}});
      group = std::prev(groups.end());
    }
    group->second.push_back(language->id);
  }
  if (groups.size() <= 1) {
    return text::plural(groups.empty() ? exercise.max_score() : groups.front().first, "point",
                        "points");
  }
  std::string text;
  for (const auto& [points, ids] : groups) {
    text +=
        fmt::format("{}{} in {}", text.empty() ? "" : ", ",
                    text.empty() ? text::plural(points, "point", "points") : std::to_string(points),
                    fmt::join(ids, " and "));
  }
  return text;
}

int show_exercise(const Context& ctx, const std::string& exercise_id, report::View view) {
  const spec::Exercise exercise = ctx.load(exercise_id);
  const spec::Limits limits = exercise.limits.apply_to(ctx.course.limits);
  fmt::print(ctx.out, "{}: {}\n\n", exercise.id, exercise.title);
  fmt::print(ctx.out, "{}\n", indent(exercise.prompt, "  "));
  fmt::print(ctx.out, "What your program must print:\n{}\n", indent(exercise.contract, "  "));
  fmt::print(ctx.out, "What is checked ({}; every check must pass in each of {} runs):\n",
             points_by_language(ctx.course, exercise), exercise.repeat.value_or(ctx.course.repeat));
  int hidden = 0;
  int hidden_points = 0;
  for (const spec::Check& check : exercise.checks) {
    if (check.hidden && view == report::View::kStudent) {
      ++hidden;
      hidden_points += check.points;
      continue;
    }
    fmt::print(ctx.out, "  - {} ({}{}{})\n", check.title,
               text::plural(check.points, "point", "points"), check.hidden ? ", hidden" : "",
               check.languages.empty()
                   ? std::string()
                   : fmt::format(", {} only", fmt::join(check.languages, " and ")));
  }
  if (hidden > 0) {
    fmt::print(ctx.out, "  - {} whose details are not shown ({})\n",
               text::plural(hidden, "hidden check", "hidden checks"),
               text::plural(hidden_points, "point", "points"));
  }
  fmt::print(ctx.out, "\nLanguages: {}.\n",
             describe_languages(accepted_languages(ctx.course, exercise)));
  fmt::print(ctx.out, "Limits per run: {}.\n", describe_limits(limits));
  fmt::print(ctx.out,
             "Scoring: all points when every check passes in every run.\n"
             "A failed grading scores, by the first case that fits:\n");
  for (const std::string& line : spec::describe(check::scoring_policy(ctx.course, exercise))) {
    fmt::print(ctx.out, "  - {}\n", fmt::join(text::wrap(line, 74), "\n    "));
  }
  return 0;
}

int init_exercise(const Context& ctx, const std::string& exercise_id,
                  const std::string& language_id, bool notebook) {
  const spec::ExerciseEntry& entry = ctx.entry(exercise_id);
  const spec::Exercise exercise = ctx.load(exercise_id);
  const std::vector<const spec::Language*> accepted = accepted_languages(ctx.course, exercise);
  const auto chosen = std::find_if(accepted.begin(), accepted.end(), [&](const auto* language) {
    return notebook ? language->notebook : language_id.empty() || language->id == language_id;
  });
  if (chosen == accepted.end() && notebook) {
    throw Error(ErrorKind::kUsage, fmt::format("{} takes programs in {}; none is a notebook",
                                               exercise_id, describe_languages(accepted)));
  }
  if (chosen == accepted.end()) {
    throw Error(ErrorKind::kUsage,
                fmt::format("{} takes programs in {}; there is no '{}' among them", exercise_id,
                            describe_languages(accepted), language_id));
  }
  const spec::Language* language = *chosen;
  const std::filesystem::path from = ctx.course.template_path(entry, *language);
  const std::filesystem::path to = ctx.cwd / from.filename();
  std::error_code ec;
  if (std::filesystem::exists(to, ec)) {
    throw Error(
        ErrorKind::kUsage,
        fmt::format("{} already exists; it was left as it is (remove or rename it to start over)",
                    to.string()));
  }
  if (!std::filesystem::copy_file(from, to, ec)) {
    throw Error(ErrorKind::kInternal, fmt::format("cannot copy the starter file {} to {}: {}",
                                                  from.string(), to.string(), ec.message()));
  }
  fmt::print(ctx.out, "Created {} from the starter file for {}.\nWhen it is ready: grade {}\n",
             to.filename().string(), entry.id, entry.id);
  return 0;
}

void add_info_commands(CLI::App& app, CommandLine& line) {
  add_command(app, line, "list", "List the course's exercises", list_exercises);
  add_show_command(app, line);
  add_init_command(app, line);
}

}  // namespace grade::cli
