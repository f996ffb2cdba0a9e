#include "spec/check_reader.h"

#include <algorithm>
#include <array>
#include <csignal>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "spec/map_reader.h"

namespace grade::spec {

namespace {

// What every reader below needs: the file (for messages) and the exercise read so far (for
// references to extractors and earlier checks).
struct Context {
  const YamlReader& reader;
  const Exercise& exercise;
};

CaptureRef read_capture(const Context& ctx, const YAML::Node& node, std::string_view what) {
  const std::string s = ctx.reader.string(node, what);
  const std::size_t dot = s.find('.');
  if (dot == std::string::npos) {
    ctx.reader.fail(
        node, fmt::format("{} must name a capture as 'extractor.capture', found '{}'", what, s));
  }
  CaptureRef ref{s.substr(0, dot), s.substr(dot + 1)};
  const Extractor* extractor = ctx.exercise.find_extractor(ref.extractor);
  if (extractor == nullptr) {
    ctx.reader.fail(node,
                    fmt::format("{} refers to an unknown extractor '{}'", what, ref.extractor));
  }
  if (std::find(extractor->captures.begin(), extractor->captures.end(), ref.capture) ==
      extractor->captures.end()) {
    ctx.reader.fail(
        node, fmt::format("extractor '{}' has no named group '{}' (it has: {})", ref.extractor,
                          ref.capture,
                          extractor->captures.empty()
                              ? std::string("none")
                              : fmt::format("{}", fmt::join(extractor->captures, ", "))));
  }
  return ref;
}

// The keys of a kind that compares a number with a bound, plus `keys`.
std::vector<std::string> with_bound_keys(std::vector<std::string> keys) {
  keys.insert(keys.end(), {"equals", "at_least", "at_most"});
  return keys;
}

Bound read_bound(const Context& ctx, const MapReader& map) {
  Bound bound;
  const auto read = [&](std::string_view key, std::optional<std::int64_t>& field) {
    if (auto node = map.optional(key)) {
      field = ctx.reader.integer(*node, key);
      if (*field < 0) {
        ctx.reader.fail(*node, fmt::format("{} must not be negative", key));
      }
    }
  };
  read("equals", bound.equals);
  read("at_least", bound.at_least);
  read("at_most", bound.at_most);
  if (!bound.equals && !bound.at_least && !bound.at_most) {
    ctx.reader.fail(map.node(),
                    fmt::format("{} needs 'equals', 'at_least' or 'at_most'", map.what()));
  }
  if (bound.equals && (bound.at_least || bound.at_most)) {
    ctx.reader.fail(
        map.node(),
        fmt::format("{}: 'equals' cannot be combined with 'at_least'/'at_most'", map.what()));
  }
  if (bound.at_least && bound.at_most && *bound.at_least > *bound.at_most) {
    ctx.reader.fail(map.node(), fmt::format("{}: 'at_least' is larger than 'at_most'", map.what()));
  }
  return bound;
}

Op read_op(const Context& ctx, const YAML::Node& node) {
  const std::string s = ctx.reader.string(node, "op");
  for (const Op op : {Op::kEq, Op::kNe, Op::kLt, Op::kLe, Op::kGt, Op::kGe}) {
    if (s == op_symbol(op)) {
      return op;
    }
  }
  // Spelt with an underscore in YAML; messages say "not in".
  if (s == "in") {
    return Op::kIn;
  }
  if (s == "not_in") {
    return Op::kNotIn;
  }
  ctx.reader.fail(node, fmt::format("op must be one of == != < <= > >= in not_in, found '{}'", s));
}

Fact read_fact(const Context& ctx, const YAML::Node& node) {
  const std::string s = ctx.reader.string(node, "fact");
  for (const Fact fact : {Fact::kLaunchedPid, Fact::kWallTime, Fact::kCreatedProcesses}) {
    if (s == fact_name(fact)) {
      return fact;
    }
  }
  ctx.reader.fail(
      node,
      fmt::format("unknown fact '{}' (known: run.pid, run.wall_time, observed.processes)", s));
}

// An exit status is 8 bits: a check for 256 could never pass (exit(256) is seen as 0).
int read_exit_code(const Context& ctx, const YAML::Node& node) {
  const std::int64_t code = ctx.reader.integer(node, "code");
  if (code < 0 || code > 255) {
    ctx.reader.fail(node, fmt::format("exit code must be between 0 and 255, found {}", code));
  }
  return static_cast<int>(code);
}

// SIGSEGV, SEGV or 11.
int read_signal(const Context& ctx, const YAML::Node& node) {
  if (ctx.reader.is_number(node)) {
    const std::int64_t number = ctx.reader.integer(node, "signal");
    if (number < 1 || number >= NSIG) {
      ctx.reader.fail(
          node, fmt::format("signal number must be between 1 and {}, found {}", NSIG - 1, number));
    }
    return static_cast<int>(number);
  }
  std::string name = ctx.reader.string(node, "signal");
  if (name.rfind("SIG", 0) == 0) {
    name.erase(0, 3);
  }
  for (int signal = 1; signal < NSIG; ++signal) {
    const char* abbrev = sigabbrev_np(signal);
    if (abbrev != nullptr && name == abbrev) {
      return signal;
    }
  }
  ctx.reader.fail(node, fmt::format("unknown signal '{}'", ctx.reader.string(node, "signal")));
}

// One reader per check kind. `what` names the kind's mapping in messages: "'count' of check 'a'".

CheckKind read_exit(const Context& ctx, const YAML::Node& node, const std::string& what) {
  const MapReader map(ctx.reader, node, what, {"code", "signal"});
  ExitCheck exit;
  if (auto code = map.optional("code")) {
    exit.code = read_exit_code(ctx, *code);
  }
  if (auto signal = map.optional("signal")) {
    exit.signal = read_signal(ctx, *signal);
  }
  if (exit.code.has_value() == exit.signal.has_value()) {
    ctx.reader.fail(node, "exit needs exactly one of 'code' or 'signal'");
  }
  return exit;
}

CheckKind read_count(const Context& ctx, const YAML::Node& node, const std::string& what) {
  const MapReader map(ctx.reader, node, what, with_bound_keys({"of"}));
  const YAML::Node of = map.required("of");
  CountCheck count{ctx.reader.string(of, "of"), read_bound(ctx, map)};
  if (ctx.exercise.find_extractor(count.extractor) == nullptr) {
    ctx.reader.fail(of, fmt::format("count refers to an unknown extractor '{}'", count.extractor));
  }
  return count;
}

CheckKind read_distinct(const Context& ctx, const YAML::Node& node, const std::string& what) {
  const MapReader map(ctx.reader, node, what, with_bound_keys({"of"}));
  return DistinctCheck{read_capture(ctx, map.required("of"), "of"), read_bound(ctx, map)};
}

CheckKind read_all_equal(const Context& ctx, const YAML::Node& node, const std::string& what) {
  const MapReader map(ctx.reader, node, what, {"of"});
  return AllEqualCheck{read_capture(ctx, map.required("of"), "of")};
}

// The right-hand side of `each`: exactly one of value, fact, capture. `in` and `not_in` take
// a fact that is a set, and only they do.
Operand read_operand(const Context& ctx, const MapReader& map, Op op) {
  const auto value = map.optional("value");
  const auto fact = map.optional("fact");
  const auto capture = map.optional("capture");
  if (int(value.has_value()) + int(fact.has_value()) + int(capture.has_value()) != 1) {
    ctx.reader.fail(map.node(),
                    "each needs exactly one of 'value', 'fact' or 'capture' to compare with");
  }
  const bool membership = op == Op::kIn || op == Op::kNotIn;
  if (membership && !fact) {
    ctx.reader.fail(map.node(),
                    "'in' and 'not_in' compare with a fact that is a set, such as "
                    "'observed.processes'");
  }
  if (value && ctx.reader.is_number(*value)) {
    return ctx.reader.number(*value, "value");
  }
  if (value) {
    if (op != Op::kEq && op != Op::kNe) {
      ctx.reader.fail(*value, "only == and != compare with text; use a number for ordering");
    }
    return ctx.reader.string(*value, "value");
  }
  if (fact) {
    const Fact f = read_fact(ctx, *fact);
    if (is_set_fact(f) != membership) {
      ctx.reader.fail(*fact, membership
                                 ? fmt::format("'{}' is a single value; compare it with == != < "
                                               "<= > >=",
                                               fact_name(f))
                                 : fmt::format("'{}' is a set of values; compare with 'in' or "
                                               "'not_in'",
                                               fact_name(f)));
    }
    return f;
  }
  return read_capture(ctx, *capture, "capture");
}

CheckKind read_each(const Context& ctx, const YAML::Node& node, const std::string& what) {
  const MapReader map(ctx.reader, node, what, {"of", "op", "value", "fact", "capture"});
  EachCheck each;
  each.of = read_capture(ctx, map.required("of"), "of");
  each.op = read_op(ctx, map.required("op"));
  each.rhs = read_operand(ctx, map, each.op);
  return each;
}

CheckKind read_picks_min(const Context& ctx, const YAML::Node& node, const std::string& what) {
  const MapReader map(ctx.reader, node, what, {"choice", "options"});
  PicksMinCheck picks;
  picks.choice = read_capture(ctx, map.required("choice"), "choice");
  const YAML::Node options = map.required("options");
  for (const auto& [word, capture] : ctx.reader.entries(options, "options")) {
    picks.options.emplace(ctx.reader.string(word, "option"),
                          read_capture(ctx, capture, "option value"));
  }
  if (picks.options.size() < 2) {
    ctx.reader.fail(options, "picks_min needs at least two options");
  }
  return picks;
}

CheckKind read_unmatched(const Context& ctx, const YAML::Node& node, const std::string& what) {
  const MapReader map(ctx.reader, node, what, with_bound_keys({"stream"}));
  UnmatchedCheck unmatched;
  if (auto stream = map.optional("stream")) {
    unmatched.stream = read_stream(ctx.reader, *stream);
  }
  unmatched.bound = read_bound(ctx, map);
  return unmatched;
}

CheckKind read_observed(const Context& ctx, const YAML::Node& node, const std::string& what) {
  const MapReader map(ctx.reader, node, what, with_bound_keys({"of"}));
  const YAML::Node of = map.required("of");
  const std::string measure = ctx.reader.string(of, "of");
  ObservedCheck observed;
  bool known = false;
  for (const auto m : {ObservedCheck::Measure::kProcesses, ObservedCheck::Measure::kThreads,
                       ObservedCheck::Measure::kAllThreads}) {
    if (measure == measure_name(m)) {
      observed.of = m;
      known = true;
    }
  }
  if (!known) {
    ctx.reader.fail(of, fmt::format("observed counts 'processes', 'threads' or 'all_threads', "
                                    "found '{}'",
                                    measure));
  }
  observed.bound = read_bound(ctx, map);
  return observed;
}

struct KindReader {
  std::string_view name;
  CheckKind (*read)(const Context&, const YAML::Node&, const std::string&);
};

constexpr std::array<KindReader, 8> kKinds = {{
    {"exit", read_exit},
    {"count", read_count},
    {"distinct", read_distinct},
    {"all_equal", read_all_equal},
    {"each", read_each},
    {"picks_min", read_picks_min},
    {"unmatched", read_unmatched},
    {"observed", read_observed},
}};

// The keys of a check: the common ones and one key per kind.
std::vector<std::string> check_keys() {
  std::vector<std::string> keys = {"id", "title", "points", "hint", "hidden", "depends_on"};
  for (const KindReader& kind : kKinds) {
    keys.emplace_back(kind.name);
  }
  return keys;
}

std::vector<std::string> read_depends_on(const Context& ctx, const YAML::Node& node,
                                         const std::string& check_id) {
  std::vector<std::string> depends_on = ctx.reader.string_list(node, "depends_on");
  for (const std::string& dependency : depends_on) {
    // Only earlier checks: keeps evaluation one pass and cycles impossible.
    if (ctx.exercise.find_check(dependency) == nullptr) {
      ctx.reader.fail(node, fmt::format("check '{}' depends on '{}', which is not a check "
                                        "defined before it",
                                        check_id, dependency));
    }
  }
  return depends_on;
}

CheckKind read_kind(const Context& ctx, const MapReader& map, const std::string& check_id) {
  std::vector<std::pair<const KindReader*, YAML::Node>> present;
  for (const KindReader& kind : kKinds) {
    if (auto value = map.optional(kind.name)) {
      present.emplace_back(&kind, *value);
    }
  }
  if (present.size() != 1) {
    std::vector<std::string_view> names;
    for (const KindReader& kind : kKinds) {
      names.push_back(kind.name);
    }
    ctx.reader.fail(map.node(), fmt::format("check '{}' needs exactly one of: {}", check_id,
                                            fmt::join(names, ", ")));
  }
  const auto& [kind, node] = present.front();
  return kind->read(ctx, node, fmt::format("'{}' of check '{}'", kind->name, check_id));
}

}  // namespace

Stream read_stream(const YamlReader& reader, const YAML::Node& node) {
  const std::string s = reader.string(node, "stream");
  if (s == "stdout") {
    return Stream::kStdout;
  }
  if (s == "stderr") {
    return Stream::kStderr;
  }
  reader.fail(node, fmt::format("stream must be 'stdout' or 'stderr', found '{}'", s));
}

Check read_check(const YamlReader& reader, const Exercise& exercise, const YAML::Node& node) {
  const Context ctx{reader, exercise};
  const MapReader map(reader, node, "a check", check_keys());
  Check check;
  check.where = reader.where(node);
  check.id = reader.identifier(map.required("id"), "check id");
  if (exercise.find_check(check.id) != nullptr) {
    reader.fail(node, fmt::format("check id '{}' is used twice", check.id));
  }
  check.title = reader.string(map.required("title"), "title");
  if (auto points = map.optional("points")) {
    const std::int64_t p = reader.integer(*points, "points");
    if (p < 0 || p > 1000) {
      reader.fail(*points, "points must be between 0 and 1000");
    }
    check.points = static_cast<int>(p);
  }
  if (auto hint = map.optional("hint")) {
    check.hint = reader.string(*hint, "hint");
  }
  if (auto hidden = map.optional("hidden")) {
    check.hidden = reader.boolean(*hidden, "hidden");
  }
  if (auto depends = map.optional("depends_on")) {
    check.depends_on = read_depends_on(ctx, *depends, check.id);
  }
  check.kind = read_kind(ctx, map, check.id);
  return check;
}

}  // namespace grade::spec
