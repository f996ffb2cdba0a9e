#include "check/evaluate.h"

#include <fmt/format.h>

#include "check/better_hint.h"
#include "check/check_kinds.h"
#include "check/extract.h"

namespace grade::check {

namespace {

Outcome run_check(const Evidence& ev, const spec::CheckKind& kind) {
  return std::visit(
      [&](const auto& c) -> Outcome {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, spec::ExitCheck>) {
          return check_exit(ev, c);
        } else if constexpr (std::is_same_v<T, spec::CountCheck>) {
          return check_count(ev, c);
        } else if constexpr (std::is_same_v<T, spec::DistinctCheck>) {
          return check_distinct(ev, c);
        } else if constexpr (std::is_same_v<T, spec::AllEqualCheck>) {
          return check_all_equal(ev, c);
        } else if constexpr (std::is_same_v<T, spec::EachCheck>) {
          return check_each(ev, c);
        } else if constexpr (std::is_same_v<T, spec::PicksMinCheck>) {
          return check_picks_min(ev, c);
        } else if constexpr (std::is_same_v<T, spec::ObservedCheck>) {
          return check_observed(ev, c);
        } else if constexpr (std::is_same_v<T, spec::EndedCheck>) {
          return check_ended(ev, c);
        } else if constexpr (std::is_same_v<T, spec::MatchesSpanCheck>) {
          return check_matches_span(ev, c);
        } else if constexpr (std::is_same_v<T, spec::SourceCheck>) {
          return check_source(ev, c);
        } else if constexpr (std::is_same_v<T, spec::OrderedCheck>) {
          return check_ordered(ev, c);
        } else {
          return check_unmatched(ev, c);
        }
      },
      kind);
}

// The first prerequisite of `check` that did not pass, or nullptr.
const CheckResult* first_blocker(const spec::Check& check, const std::vector<CheckResult>& done) {
  for (const std::string& dependency : check.depends_on) {
    for (const CheckResult& d : done) {
      if (d.id == dependency && d.status != CheckStatus::kPass) {
        return &d;
      }
    }
  }
  return nullptr;
}

// Skipped because a prerequisite did not pass.
void skip_for(const spec::Check& check, const CheckResult& blocker, CheckResult& r) {
  r.status = CheckStatus::kSkip;
  r.unobserved = blocker.unobserved;
  // Named by its title, as the report lists it (its id is the spec's word, not the student's).
  // A visible check's message must not name a hidden one: students read it.
  const std::string name = blocker.hidden && !check.hidden
                               ? "a hidden check"
                               : fmt::format("\u201c{}\u201d", blocker.title);
  r.message =
      blocker.unobserved
          ? fmt::format("not checked, because it needs {}, which could not be checked", name)
          : fmt::format("not checked, because it needs {}, which did not pass", name);
}

// Skipped because the grader could not see what the check needs: grading was weaker, but
// nothing the student did is wrong, and no points are given.
void skip_unseen(const std::string& reason, CheckResult& r) {
  r.status = CheckStatus::kSkip;
  r.unobserved = true;
  r.message = "not checked: " + reason;
}

void decide(const spec::Check& check, Outcome outcome, CheckResult& r) {
  if (outcome.status == Outcome::Status::kUnknown) {
    skip_unseen(outcome.message, r);
    return;
  }
  const bool pass = outcome.status == Outcome::Status::kPass;
  r.status = pass ? CheckStatus::kPass : CheckStatus::kFail;
  r.points = pass ? check.points : 0;
  r.message = std::move(outcome.message);
  if (!pass) {
    r.hint = check.hint;
  }
}

}  // namespace

std::vector<CheckResult> evaluate(const spec::Exercise& exercise, const run::RunResult& result,
                                  const PrintSites* sites, const SourceFacts* source,
                                  const Machine& machine) {
  const Evidence ev{exercise, result, extract(exercise, result), sites, source, machine};
  std::vector<CheckResult> results;
  results.reserve(exercise.checks.size());
  for (const spec::Check& check : exercise.checks) {
    CheckResult r;
    r.id = check.id;
    r.title = check.title;
    r.max_points = check.points;
    r.hidden = check.hidden;
    r.advice = check.advice;
    if (const CheckResult* blocker = first_blocker(check, results)) {
      skip_for(check, *blocker, r);
    } else if (check.needs_observation() && !result.observed.observed()) {
      skip_unseen(
          result.observed.reason.empty() ? "the run was not observed" : result.observed.reason, r);
    } else {
      decide(check, run_check(ev, check.kind), r);
      if (r.status == CheckStatus::kFail) {
        r.hint = better_hint(ev, check).value_or(r.hint);
      }
    }
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace grade::check
