// Fuzzes the exercise spec loader (spec/exercise_loader.h) with arbitrary exercise YAML, then
// evaluates the checks of every spec it accepts against a canned run, unobserved and observed, so
// the typed structs it returns are used the way the grader uses them. Contract: an Exercise or
// grade::Error.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "spec/exercise_languages.h"
#include "spec/exercise_loader.h"
#include "util/error.h"

namespace {

// Output in the shape of the bundled exercises' contracts, so accepted specs find lines.
grade::run::RunResult canned_run() {
  grade::run::RunResult run;
  run.pid = 100;
  run.exit_code = 0;
  run.wall_seconds = 0.25;
  run.out.data =
      "Process ID: 101\nProcess ID: 102\nThread name: worker-1, Process ID: 100\n"
      "Threads: 0.010 s\nProcesses: 0.020 s\nFaster: threads\n";
  run.err.data = "Traceback (most recent call last):\n";
  run.observed.reason = "not traced";
  return run;
}

void check_exercise(const grade::spec::Exercise& exercise) {
  using grade::fuzz::require;
  require(!exercise.checks.empty());
  for (const grade::spec::Extractor& extractor : exercise.extractors) {
    require(extractor.regex != nullptr && extractor.regex->ok());
    require(exercise.find_extractor(extractor.name) == &extractor);
  }
  static const grade::run::RunResult run = canned_run();
  static const grade::run::RunResult traced = grade::fuzz::observed(run);
  grade::fuzz::check_evaluation(exercise, run);
  grade::fuzz::check_evaluation(exercise, traced);
  // One language's view: only checks that apply to it, none depending on a check it lost.
  for (const char* language : {"python", "cpp"}) {
    const grade::spec::Exercise one = grade::spec::for_language(exercise, language);
    require(one.max_score() <= exercise.max_score());
    for (const grade::spec::Check& check : one.checks) {
      require(check.languages.empty() || std::find(check.languages.begin(), check.languages.end(),
                                                   language) != check.languages.end());
      for (const std::string& dependency : check.depends_on) {
        require(one.find_check(dependency) != nullptr);
      }
    }
    grade::fuzz::check_evaluation(one, traced);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path spec = grade::fuzz::scratch() / "exercise.yaml";
  grade::fuzz::write_file(spec, grade::fuzz::as_text(data, size));
  try {
    check_exercise(grade::spec::load_exercise(spec));
  } catch (const grade::Error&) {
    // A rejected spec: the expected outcome for most inputs.
  }
  return 0;
}
