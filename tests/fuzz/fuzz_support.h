// Shared by the fuzz targets: a private scratch folder for loaders that read files, the
// repository's own exercises (real patterns and checks), and an observation made up for a run
// so that the checks needing one are evaluated too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "check/canned_run.h"  // tests/unit: the unit tests' canned tasks
#include "check/evaluate.h"
#include "spec/exercise_loader.h"
#include "util/temp_dir.h"

namespace grade::fuzz {

// The input as text (any bytes, NULs included).
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Reports a broken property to libFuzzer as a crash, with the input that broke it.
[[noreturn]] inline void fail_property() { __builtin_trap(); }

inline void require(bool property) {
  if (!property) {
    fail_property();
  }
}

// One folder for the whole fuzzing process, removed when it ends.
inline const std::filesystem::path& scratch() {
  static const TempDir dir = TempDir::create("grade-fuzz-").value();
  return dir.path();
}

inline void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  require(static_cast<bool>(out.flush()));
}

// The source tree's root (set by tests/fuzz/CMakeLists.txt), for the bundled course.
inline std::filesystem::path source_dir() { return GRADE_SOURCE_DIR; }

// The course's own exercises (exercises/ex1..ex3.yaml), loaded once.
inline const std::vector<spec::Exercise>& bundled_exercises() {
  static const std::vector<spec::Exercise> exercises = [] {
    std::vector<spec::Exercise> loaded;
    for (const char* id : {"ex1", "ex2", "ex3"}) {
      loaded.push_back(
          spec::load_exercise(source_dir() / "exercises" / (std::string(id) + ".yaml")));
    }
    return loaded;
  }();
  return exercises;
}

// Who wrote `data`: each line, its newline included, by the next of `tasks` in turn.
inline run::StreamAttribution line_by_line(std::string_view data,
                                           const std::vector<run::Task>& tasks) {
  run::StreamAttribution attribution;
  std::size_t next = 0;
  for (std::size_t begin = 0; begin < data.size(); ++next) {
    const std::size_t newline = data.find('\n', begin);
    const std::size_t end = newline == std::string_view::npos ? data.size() : newline + 1;
    const run::Task& author = tasks[next % tasks.size()];
    attribution.segments.push_back({end - begin, author.tid, author.pid});
    begin = end;
  }
  return attribution;
}

// `run` as if it had been traced: the launched process 100 created the processes 101, 102 and
// 103 and the threads 110 and 111, all ended cleanly, and they wrote its lines in turn. So
// the checks that need observation (facts, authors, task sets) are evaluated too.
inline run::RunResult observed(run::RunResult run) {
  run.pid = 100;
  run::Observation& o = run.observed;
  o.state = run::Observation::State::kObserved;
  o.reason.clear();
  o.tasks = {
      testing::canned_process(100, 0, 0.0, 0.5),   testing::canned_process(101, 100, 0.1, 0.2),
      testing::canned_process(102, 100, 0.1, 0.3), testing::canned_process(103, 100, 0.2, 0.3),
      testing::canned_thread(110, 100, 0.1, 0.15), testing::canned_thread(111, 100, 0.1, 0.2)};
  o.out = line_by_line(run.out.data, o.tasks);
  o.err = line_by_line(run.err.data, o.tasks);
  return run;
}

// Evaluates the checks of `exercise` against `run` as the grader does: one result per check,
// its points between none and all.
inline void check_evaluation(const spec::Exercise& exercise, const run::RunResult& run) {
  // Known CPU counts, so checks with run.cpus are made rather than skipped.
  const std::vector<check::CheckResult> results =
      check::evaluate(exercise, run, nullptr, nullptr, check::Machine{2, 4});
  require(results.size() == exercise.checks.size());
  for (const check::CheckResult& result : results) {
    require(result.points >= 0 && result.points <= result.max_points);
  }
}

}  // namespace grade::fuzz
