#include "cli/selftest_command.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <memory>
#include <set>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <unistd.h>

#include "batch/progress.h"
#include "batch/selftest.h"
#include "batch/selftest_report.h"
#include "cli/batch_command.h"
#include "cli/batch_plan.h"
#include "cli/submission_files.h"
#include "report/safe_text.h"
#include "util/cpu_count.h"
#include "util/error.h"
#include "util/text.h"

namespace grade::cli {

namespace {

void refuse_report_options(const GradeOptions& run) {
  if (run.output || run.html || run.verbose || run.timings || run.submission ||
      !run.exercise.empty() || (run.format != Format::kText && run.format != Format::kJson)) {
    throw Error(ErrorKind::kUsage,
                "grade selftest writes a table or, with --format json, one JSON document: leave "
                "out -o, --html, --verbose, --timings and other formats, and name exercises "
                "after `selftest`");
  }
  if (run.repeat) {
    throw Error(ErrorKind::kUsage,
                "grade selftest grades with the specs' own repeat; its --repeat N (after "
                "`selftest`) is how many times each reference solution is graded");
  }
}

std::set<std::string> chosen_languages(const Context& ctx, const SelftestOptions& options) {
  std::vector<std::string> ids;
  for (const spec::Language& language : ctx.course.languages) {
    ids.push_back(language.id);
  }
  for (const std::string& id : options.languages) {
    if (ctx.course.find_language(id) == nullptr) {
      const auto near = text::closest_match(id, ids);
      throw Error(ErrorKind::kUsage,
                  fmt::format("no language '{}' in course '{}'{}", id, ctx.course.id,
                              near ? fmt::format("; did you mean '{}'?", *near)
                                   : fmt::format(" (languages: {})", text::join(ids, ", "))));
    }
  }
  return {options.languages.begin(), options.languages.end()};
}

batch::SelftestPlan plan_cases(const Context& ctx, const BatchPlan& plan,
                               const SelftestOptions& options) {
  const std::set<std::string> languages = chosen_languages(ctx, options);
  batch::SelftestPlan cases;
  for (std::size_t i = 0; i < plan.specs.size(); ++i) {
    const spec::Exercise& exercise = plan.specs[i];
    const std::size_t first = cases.cases.size();
    batch::plan_exercise({&ctx.course, &ctx.entry(exercise.id), &exercise,
                          accepted_languages(ctx.course, exercise), languages, options.repeat},
                         cases);
    for (std::size_t c = first; c < cases.cases.size(); ++c) {
      cases.cases[c].deadline = plan.exercises[i].deadline;
    }
  }
  return cases;
}

// Declarations missing or wrong: each on a line as `grade validate` writes them; nothing graded.
int report_problems(const Context& ctx, const std::vector<spec::Problem>& problems, Format format) {
  if (format == Format::kJson) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const spec::Problem& p : problems) {
      list.push_back({{"file", p.where.file},
                      {"line", p.where.line},
                      {"column", p.where.column},
                      {"message", p.message},
                      {"exercise", p.exercise}});
    }
    const nlohmann::ordered_json document = {
        {"selftest_version", 1}, {"course", ctx.course.id}, {"holds", false}, {"problems", list}};
    fmt::print(ctx.out, "{}\n",
               document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    for (const spec::Problem& p : problems) {
      fmt::print(ctx.out, "{}: error: {}\n", report::one_line(p.where.str()),
                 report::one_line(p.message));
    }
    fmt::print(ctx.out, "{}: nothing was graded\n",
               text::plural(static_cast<long long>(problems.size()), "problem", "problems"));
  }
  return static_cast<int>(ExitCode::kUsage);
}

// The pool's gradings, with a progress line on a terminal.
batch::SelftestReport grade_cases(const Context& ctx, const BatchPlan& plan,
                                  const batch::SelftestPlan& cases,
                                  const SelftestOptions& options) {
  const TempDir scratch = make_worker_scratch("grade-selftest-");
  batch::PoolOptions pool;
  pool.jobs = options.jobs > 0 ? options.jobs : usable_cpus();
  pool.scratch_root = scratch.path();
  pool.on_interrupt = [&ctx](int /*signal*/, int count) {
    fmt::print(ctx.err, "grade: {}\n",
               count == 1 ? "interrupted: finishing the running gradings, starting no more"
                          : "stopping now");
  };
  const bool terminal = ::isatty(STDERR_FILENO) == 1;
  std::size_t total = 0;
  for (const batch::SelftestCase& c : cases.cases) {
    total += c.absent.empty() ? static_cast<std::size_t>(c.gradings) : 0;
  }
  batch::Progress progress(ctx.err, terminal, total, std::chrono::steady_clock::now());
  batch::PoolStats stats;
  const batch::GradeAll in_workers = batch::in_workers(
      [&](const batch::SelftestCase& c) {
        const std::string shown = c.file.lexically_relative(ctx.course.root).string();
        // As `grade EXERCISE FILE` grades it: no root, only the file must not be a link.
        return grade_document(ctx, plan, {c.exercise, c.file, {}, shown, {}});
      },
      cases.cases, pool, stats);
  const auto with_progress = [&](const auto& jobs, const auto& done) {
    in_workers(jobs, [&](const batch::GradingJob& job, batch::Grading grading) {
      if (terminal) {
        const batch::SelftestCase& c = cases.cases[job.case_index];
        progress.finished({c.name, c.exercise, grading.graded ? "graded" : "error", grading.score,
                           grading.max_score, 0, grading.error},
                          std::chrono::steady_clock::now());
      }
      done(job, std::move(grading));
    });
  };
  batch::SelftestReport report = batch::run_selftest(cases.cases, options.repeat, with_progress);
  progress.close();
  report.interrupted = stats.interrupted;
  report.signal = stats.last_signal;
  return report;
}

}  // namespace

int selftest(const Context& ctx, const SelftestOptions& options) {
  refuse_report_options(options.run);
  const std::vector<std::string> ids = ctx.chosen_exercises(options.exercises);
  // Decided once, before any worker starts, as `grade batch` does.
  const BatchPlan plan = plan_batch(ctx, ids, options.run);
  const batch::SelftestPlan cases = plan_cases(ctx, plan, options);
  if (!cases.problems.empty()) {
    return report_problems(ctx, cases.problems, options.run.format);
  }
  const batch::SelftestReport report = grade_cases(ctx, plan, cases, options);
  if (options.run.format == Format::kJson) {
    nlohmann::ordered_json document = batch::selftest_json(report, ctx.course.id, ctx.course.root);
    document["problems"] = nlohmann::ordered_json::array();
    fmt::print(ctx.out, "{}\n",
               document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    batch::write_selftest_table(ctx.out, report, ctx.course.root, ctx.color);
  }
  if (report.interrupted) {
    return 128 + report.signal;
  }
  return report.holds() ? static_cast<int>(ExitCode::kPassed) : static_cast<int>(ExitCode::kFailed);
}

void add_selftest_command(CLI::App& app, CommandLine& line) {
  // Owned by the command, which the app keeps until it has run.
  auto options = std::make_shared<SelftestOptions>();
  CLI::App* sub = add_command(
      app, line, "selftest",
      "Grade the course's own files: solutions pass every time, templates and near misses "
      "(exercises/<id>/wrong/) fail as declared",
      [options, &line](const Context& ctx) {
        options->run = line.grade;
        return selftest(ctx, *options);
      });
  sub->add_option("exercises", options->exercises, "Exercises to test (default: all)");
  sub->add_option("--repeat", options->repeat,
                  "Gradings of each reference solution, each with the spec's own repeat "
                  "(default: 20)")
      ->check(CLI::Range(1, 1000));
  sub->add_option("--language", options->languages,
                  "Only these languages, comma-separated (default: all)")
      ->delimiter(',');
  sub->add_option("-j,--jobs", options->jobs, "Gradings at once (default: one per core)")
      ->check(CLI::Range(1, 1024));
}

}  // namespace grade::cli
