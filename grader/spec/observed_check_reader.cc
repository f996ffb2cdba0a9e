// The check kinds about what the run really created (docs/spec-reference.md#observed):
// observed, ended, matches_span.
#include <fmt/format.h>

#include "spec/kind_readers.h"
#include "spec/reference_reader.h"

namespace grade::spec {

namespace {

// A non-negative, finite number of a tolerance.
double read_tolerance(const KindContext& ctx, const YAML::Node& node, std::string_view key) {
  const double value = ctx.reader.number(node, key);
  if (value < 0) {
    ctx.reader.fail(node, fmt::format("{} must not be negative, found {}", key, value));
  }
  return value;
}

}  // namespace

CheckKind read_observed(const KindContext& ctx, const YAML::Node& node, const std::string& what) {
  const MapReader map(ctx.reader, node, what, with_bound_keys({"of"}));
  ObservedCheck observed;
  observed.of = read_task_set(ctx.reader, map.required("of"), "of");
  observed.bound = read_bound(ctx, map);
  return observed;
}

CheckKind read_ended(const KindContext& ctx, const YAML::Node& node, const std::string& what) {
  const MapReader map(ctx.reader, node, what, {"of", "exit_code", "or_stopped_by_program"});
  EndedCheck ended;
  ended.of = read_task_set(ctx.reader, map.required("of"), "of");
  const YAML::Node code = map.required("exit_code");
  const std::int64_t value = ctx.reader.integer(code, "exit_code");
  // An exit status is 8 bits: a check for 256 could never pass (exit(256) is seen as 0).
  if (value < 0 || value > 255) {
    ctx.reader.fail(code, fmt::format("exit code must be between 0 and 255, found {}", value));
  }
  ended.exit_code = static_cast<int>(value);
  if (auto stopped = map.optional("or_stopped_by_program")) {
    ended.stopped_by_program_ok = ctx.reader.boolean(*stopped, "or_stopped_by_program");
  }
  return ended;
}

CheckKind read_matches_span(const KindContext& ctx, const YAML::Node& node,
                            const std::string& what) {
  const MapReader map(ctx.reader, node, what,
                      {"of", "tasks", "rounds", "relative", "below", "above"});
  MatchesSpanCheck span;
  const YAML::Node of = map.required("of");
  span.of = read_capture(ctx.reader, ctx.exercise, of, "of");
  require_one_value_per_line(ctx.reader, ctx.exercise, of, span.of,
                             "and matches_span compares one printed time per line; capture it "
                             "without split or findall");
  span.tasks = read_task_set(ctx.reader, map.required("tasks"), "tasks");
  if (auto rounds = map.optional("rounds")) {
    span.rounds = ctx.reader.boolean(*rounds, "rounds");
  }
  if (auto relative = map.optional("relative")) {
    span.relative = read_tolerance(ctx, *relative, "relative");
    // Past 1 the lower end would be below zero whatever the span: say so rather than accept
    // a tolerance that checks nothing on that side.
    if (span.relative > 1) {
      ctx.reader.fail(*relative,
                      fmt::format("relative must be between 0 and 1, found {}", span.relative));
    }
  }
  if (auto below = map.optional("below")) {
    span.below = read_tolerance(ctx, *below, "below");
  }
  if (auto above = map.optional("above")) {
    span.above = read_tolerance(ctx, *above, "above");
  }
  return span;
}

}  // namespace grade::spec
