// One function per check kind, each deciding one check on one run's evidence. Shared by
// evaluate.cc, which runs them in spec order, and the files that hold them.
#pragma once

#include <string>

#include "check/extract.h"
#include "check/machine.h"
#include "check/print_sites.h"
#include "check/source_facts.h"
#include "run/run_result.h"
#include "spec/exercise.h"

namespace grade::check {

struct Outcome {
  enum class Status {
    kPass,
    kFail,
    // The grader could not see what the check needs (the run was not observed, a line was
    // written by several tasks): skipped like a check that needs observation, never passed.
    kUnknown,
  };
  Status status = Status::kFail;
  std::string message;

  static Outcome pass(std::string message) { return {Status::kPass, std::move(message)}; }
  static Outcome fail(std::string message) { return {Status::kFail, std::move(message)}; }
  static Outcome unknown(std::string reason) { return {Status::kUnknown, std::move(reason)}; }
  static Outcome decide(bool pass, std::string message) {
    return {pass ? Status::kPass : Status::kFail, std::move(message)};
  }
};

// Everything a check may look at, built once per run.
struct Evidence {
  const spec::Exercise& exercise;
  const run::RunResult& run;
  Extraction extraction;
  // Where printed lines come from in the source, for near misses; null: not known.
  const PrintSites* sites = nullptr;
  // How the program is written (analysed once per grading); null: not analysed.
  const SourceFacts* source = nullptr;
  // The machine's facts (run.cpus): given by the caller, never read here.
  Machine machine;
};

// text_checks.cc
Outcome check_exit(const Evidence& ev, const spec::ExitCheck& c);
Outcome check_count(const Evidence& ev, const spec::CountCheck& c);
Outcome check_picks_min(const Evidence& ev, const spec::PicksMinCheck& c);
Outcome check_unmatched(const Evidence& ev, const spec::UnmatchedCheck& c);
// line_checks.cc
Outcome check_distinct(const Evidence& ev, const spec::DistinctCheck& c);
Outcome check_all_equal(const Evidence& ev, const spec::AllEqualCheck& c);
Outcome check_ordered(const Evidence& ev, const spec::OrderedCheck& c);
// each_check.cc
Outcome check_each(const Evidence& ev, const spec::EachCheck& c);
// observed_checks.cc
Outcome check_observed(const Evidence& ev, const spec::ObservedCheck& c);
Outcome check_ended(const Evidence& ev, const spec::EndedCheck& c);
Outcome check_matches_span(const Evidence& ev, const spec::MatchesSpanCheck& c);
// source_checks.cc
Outcome check_source(const Evidence& ev, const spec::SourceCheck& c);

}  // namespace grade::check
