#include "spec/check_reader.h"

#include <algorithm>
#include <array>
#include <csignal>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "spec/exercise_languages.h"
#include "spec/expression_reader.h"
#include "spec/kind_readers.h"
#include "spec/map_reader.h"
#include "spec/reference_reader.h"

namespace grade::spec {

namespace {

using Context = KindContext;

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
  if (s.empty()) {  // "op: >" at the end of a line is a folded block of text, here empty
    ctx.reader.fail(node,
                    "op is empty: an unquoted `>` starts a folded block of text in YAML; "
                    "write op: '>'");
  }
  ctx.reader.fail(node, fmt::format("op must be one of == != < <= > >= in not_in, found '{}'", s));
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
  return CountCheck{read_extractor_name(ctx.reader, ctx.exercise, map.required("of"), "of"),
                    read_bound(ctx, map)};
}

CaptureRef read_capture(const Context& ctx, const YAML::Node& node, std::string_view what) {
  return spec::read_capture(ctx.reader, ctx.exercise, node, what);
}

bool is_one_line_count(const Check& check, const std::string& extractor) {
  const auto* count = std::get_if<CountCheck>(&check.kind);
  return count != nullptr && count->extractor == extractor &&
         (count->bound.equals == 1 || (!count->bound.equals && count->bound.at_most == 1));
}

// Whether one of `depends_on`, or a check it depends on, counts at most one line of
// `extractor`: the check is skipped unless that count passed.
bool bounded_to_one_line(const Exercise& exercise, const std::vector<std::string>& depends_on,
                         const std::string& extractor) {
  return std::any_of(depends_on.begin(), depends_on.end(), [&](const std::string& id) {
    const Check* check = exercise.find_check(id);
    return check != nullptr && (is_one_line_count(*check, extractor) ||
                                bounded_to_one_line(exercise, check->depends_on, extractor));
  });
}

// A capture compared as one value: its extractor may match any number of lines, and with
// several the comparison would fail at run time as if the student were wrong. The spec must
// count its lines first (as ex3 does before picks_min).
// How to make `extractor` match at most one line where the check is made.
std::string one_line_fix(const Context& ctx, const std::string& extractor) {
  const auto counting =
      std::find_if(ctx.exercise.checks.begin(), ctx.exercise.checks.end(),
                   [&](const Check& check) { return is_one_line_count(check, extractor); });
  return counting != ctx.exercise.checks.end()
             ? fmt::format("add '{}' to depends_on", counting->id)
             : fmt::format(
                   "add a check before this one with count: {{of: {}, equals: 1}} and put "
                   "its id in depends_on",
                   extractor);
}

CaptureRef read_single_capture(const Context& ctx, const YAML::Node& node, std::string_view what) {
  CaptureRef ref = read_capture(ctx, node, what);
  require_one_value_per_line(
      ctx.reader, ctx.exercise, node, ref,
      fmt::format("and {} is compared as one value; {}", what,
                  what == "capture" ? "with op: in or not_in it is the set of all its values"
                                    : "capture it without split or findall"));
  if (bounded_to_one_line(ctx.exercise, ctx.depends_on, ref.extractor)) {
    return ref;
  }
  ctx.reader.fail(node,
                  fmt::format("{} '{}' is compared as one value, but extractor '{}' may "
                              "match several lines; {}",
                              what, ref.str(), ref.extractor, one_line_fix(ctx, ref.extractor)));
}

// `expr`, or an expression as a bound: the names of the same line are those of
// `line_extractor` (empty in a bound); a capture of another extractor stands for one value.
Expression read_computed(const Context& ctx, const YAML::Node& node, std::string line_extractor,
                         std::string_view what) {
  const ExpressionScope scope{
      ctx.exercise, std::move(line_extractor),
      [&](const std::string& e) { return bounded_to_one_line(ctx.exercise, ctx.depends_on, e); },
      [&](const std::string& e) { return one_line_fix(ctx, e); }};
  return spec::read_expression(ctx.reader, node, scope, what);
}

LineSelector read_selector(const Context& ctx, const YAML::Node& node, std::string_view what) {
  return spec::read_selector(ctx.reader, ctx.exercise, node, what);
}

CheckKind read_distinct(const Context& ctx, const YAML::Node& node, const std::string& what) {
  const MapReader map(ctx.reader, node, what, with_bound_keys({"of"}));
  return DistinctCheck{read_selector(ctx, map.required("of"), "of"), read_bound(ctx, map)};
}

CheckKind read_all_equal(const Context& ctx, const YAML::Node& node, const std::string& what) {
  const MapReader map(ctx.reader, node, what, {"of"});
  return AllEqualCheck{read_selector(ctx, map.required("of"), "of")};
}

// Whether `node` is written as an unquoted true or false.
bool is_boolean(const YAML::Node& node) {
  return node.IsScalar() && node.Tag() != "!" &&
         (node.Scalar() == "true" || node.Scalar() == "false");
}

// `same_line`: selectors of the extractor of `of`, compared line by line. One selector for
// == != < <= > >=; for in / not_in a list of alternatives (one may be written alone).
SameLine read_same_line(const Context& ctx, const YAML::Node& node, const LineSelector& of, Op op) {
  SameLine same_line;
  const std::vector<YAML::Node> items = node.IsSequence()
                                            ? std::vector<YAML::Node>(node.begin(), node.end())
                                            : std::vector<YAML::Node>{node};
  if (items.empty()) {
    ctx.reader.fail(node, "same_line needs at least one selector");
  }
  if (items.size() > 1 && !is_membership(op)) {
    ctx.reader.fail(node, "a list of alternatives in same_line takes 'in' or 'not_in'");
  }
  // Several values on one line have no partner each on that line.
  const auto one_per_line = [&](const YAML::Node& at, const LineSelector& selector) {
    require_one_value_per_line(ctx.reader, ctx.exercise, at, selector.capture_ref(),
                               "and same_line pairs one value per line; compare its values "
                               "with a value or a fact, or across lines with capture: and op: in");
  };
  one_per_line(node, of);
  for (const YAML::Node& item : items) {
    LineSelector selector = read_selector(ctx, item, "same_line");
    one_per_line(item, selector);
    if (selector.extractor != of.extractor) {
      ctx.reader.fail(item, fmt::format("same_line compares selectors of one line: '{}' is not "
                                        "of extractor '{}'",
                                        selector.str(), of.extractor));
    }
    if (selector.is_boolean() != of.is_boolean()) {
      ctx.reader.fail(item, fmt::format("'{}' and '{}' cannot be compared: only one of them is "
                                        "true or false",
                                        of.str(), selector.str()));
    }
    same_line.selectors.push_back(std::move(selector));
  }
  return same_line;
}

// A constant `value`: a number, a (quoted or unquoted) text, or true/false for the boolean
// selectors, which take nothing else.
Operand read_value(const Context& ctx, const YAML::Node& node, const LineSelector& of, Op op) {
  if (of.is_boolean() != is_boolean(node)) {
    ctx.reader.fail(node, of.is_boolean()
                              ? fmt::format("'{}' is true or false; compare it with value: true "
                                            "or value: false",
                                            of.str())
                              : fmt::format("only author.is_main_thread and author.is_launched "
                                            "are true or false; '{}' is not",
                                            of.str()));
  }
  if (is_boolean(node)) {
    return ctx.reader.boolean(node, "value");
  }
  if (ctx.reader.is_number(node)) {
    return ctx.reader.number(node, "value");
  }
  ctx.reader.reject_underscored_number(node, "value");
  if (op != Op::kEq && op != Op::kNe) {
    ctx.reader.fail(node, "only == and != compare with text; use a number for ordering");
  }
  return ctx.reader.string(node, "value");
}

Fact read_compared_fact(const Context& ctx, const YAML::Node& node, bool membership) {
  const Fact f = read_fact(ctx.reader, node);
  if (f.is_set() != membership) {
    ctx.reader.fail(node, membership ? fmt::format("'{}' is a single value; compare it with == "
                                                   "!= < <= > >=",
                                                   f.name())
                                     : fmt::format("'{}' is a set of values; compare with 'in' "
                                                   "or 'not_in'",
                                                   f.name()));
  }
  return f;
}

// `expr`: a number computed per line or per run; the line's values are numbers too.
Expression read_each_expression(const Context& ctx, const YAML::Node& node, const LineSelector& of,
                                Op op) {
  if (is_membership(op)) {
    ctx.reader.fail(node, "expr is one number: compare it with == != < <= > >=, not in / not_in");
  }
  if (of.is_boolean()) {
    ctx.reader.fail(node, fmt::format("'{}' is true or false; compare it with value: true or "
                                      "value: false",
                                      of.str()));
  }
  return read_computed(ctx, node, of.extractor, "expr");
}

// The right-hand side of `each`: exactly one of value, fact, capture, same_line, expr. `in`
// and `not_in` take a fact that is a set or same_line alternatives, and only they take a set.
Operand read_operand(const Context& ctx, const MapReader& map, const LineSelector& of, Op op) {
  const auto value = map.optional("value");
  const auto fact = map.optional("fact");
  const auto capture = map.optional("capture");
  const auto same_line = map.optional("same_line");
  const auto expr = map.optional("expr");
  if (int(value.has_value()) + int(fact.has_value()) + int(capture.has_value()) +
          int(same_line.has_value()) + int(expr.has_value()) !=
      1) {
    ctx.reader.fail(map.node(),
                    "each needs exactly one of 'value', 'fact', 'capture', 'same_line' or "
                    "'expr' to compare with");
  }
  if (expr) {
    return read_each_expression(ctx, *expr, of, op);
  }
  const bool membership = is_membership(op);
  if (membership && value) {
    ctx.reader.fail(map.node(),
                    "'in' and 'not_in' compare with a fact that is a set, such as "
                    "'observed.processes', with same_line alternatives, or with every value "
                    "of a capture");
  }
  if (of.is_boolean() && op != Op::kEq && op != Op::kNe) {
    ctx.reader.fail(map.node(),
                    fmt::format("'{}' is true or false: compare it with == or !=", of.str()));
  }
  if (value) {
    return read_value(ctx, *value, of, op);
  }
  if (of.is_boolean() && !same_line) {
    ctx.reader.fail(map.node(), fmt::format("'{}' is true or false; compare it with value: true "
                                            "or value: false",
                                            of.str()));
  }
  if (fact) {
    return read_compared_fact(ctx, *fact, membership);
  }
  if (same_line) {
    return read_same_line(ctx, *same_line, of, op);
  }
  // Membership is in the set of all its values, on any number of lines.
  return membership ? read_capture(ctx, *capture, "capture")
                    : read_single_capture(ctx, *capture, "capture");
}

CheckKind read_each(const Context& ctx, const YAML::Node& node, const std::string& what) {
  const MapReader map(ctx.reader, node, what,
                      {"of", "op", "value", "fact", "capture", "same_line", "expr"});
  EachCheck each;
  each.of = read_selector(ctx, map.required("of"), "of");
  each.op = read_op(ctx, map.required("op"));
  each.rhs = read_operand(ctx, map, each.of, each.op);
  return each;
}

CheckKind read_picks_min(const Context& ctx, const YAML::Node& node, const std::string& what) {
  const MapReader map(ctx.reader, node, what, {"choice", "options"});
  PicksMinCheck picks;
  picks.choice = read_single_capture(ctx, map.required("choice"), "choice");
  const YAML::Node options = map.required("options");
  for (const auto& [word, capture] : ctx.reader.entries(options, "options")) {
    picks.options.emplace(ctx.reader.string(word, "option"),
                          read_single_capture(ctx, capture, "option"));
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

struct KindReader {
  std::string_view name;
  CheckKind (*read)(const Context&, const YAML::Node&, const std::string&);
};

constexpr std::array<KindReader, 12> kKinds = {{
    {"exit", read_exit},
    {"count", read_count},
    {"distinct", read_distinct},
    {"all_equal", read_all_equal},
    {"each", read_each},
    {"picks_min", read_picks_min},
    {"unmatched", read_unmatched},
    {"observed", read_observed},
    {"ended", read_ended},
    {"matches_span", read_matches_span},
    {"source", read_source},
    {"ordered", read_ordered},
}};

// The keys of a check: the common ones and one key per kind.
std::vector<std::string> check_keys() {
  std::vector<std::string> keys = {"id",         "title",     "points", "hint", "hidden",
                                   "depends_on", "languages", "hints",  "level"};
  for (const KindReader& kind : kKinds) {
    keys.emplace_back(kind.name);
  }
  return keys;
}

std::vector<std::string> read_depends_on(const Context& ctx, const YAML::Node& node,
                                         const std::string& check_id, bool advice) {
  std::vector<std::string> depends_on = ctx.reader.string_list(node, "depends_on");
  for (const std::string& dependency : depends_on) {
    // Only earlier checks: keeps evaluation one pass and cycles impossible.
    if (ctx.exercise.find_check(dependency) == nullptr) {
      ctx.reader.fail(node, fmt::format("check '{}' depends on '{}', which is not a check "
                                        "defined before it",
                                        check_id, dependency));
    }
    // A failed advice check would then skip this one and so decide the grade after all;
    // advice may depend on advice ("the guard", only for a program that uses multiprocessing).
    if (!advice && ctx.exercise.find_check(dependency)->advice) {
      ctx.reader.fail(node, fmt::format("check '{}' depends on '{}', which is advice and decides "
                                        "nothing; depend on a check that counts, or drop '{}' "
                                        "from depends_on",
                                        check_id, dependency, dependency));
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
    names.reserve(kKinds.size());
    for (const KindReader& kind : kKinds) {
      names.push_back(kind.name);
    }
    ctx.reader.fail(map.node(), fmt::format("check '{}' needs exactly one of: {}", check_id,
                                            fmt::join(names, ", ")));
  }
  const auto& [kind, node] = present.front();
  return kind->read(ctx, node, fmt::format("'{}' of check '{}'", kind->name, check_id));
}

// `level: required` (the default) or `level: advice`; true for advice.
bool read_level(const YamlReader& reader, const YAML::Node& node) {
  const std::string level = reader.string(node, "level");
  if (level != "required" && level != "advice") {
    reader.fail(node, fmt::format("level must be 'required' or 'advice', found '{}'", level));
  }
  return level == "advice";
}

}  // namespace

// The keys of a kind that compares a number with a bound, plus `keys`.
std::vector<std::string> with_bound_keys(std::vector<std::string> keys) {
  keys.insert(keys.end(), {"equals", "at_least", "at_most"});
  return keys;
}

Bound read_bound(const KindContext& ctx, const MapReader& map) {
  Bound bound;
  // A number as written, else an expression computed on each run (quoted when it has
  // spaces or starts with '-' or '(': `equals: "count(pid_line) - 1"`).
  const auto read = [&](std::string_view key, std::optional<std::int64_t>& field,
                        std::optional<Expression>& computed) {
    auto node = map.optional(key);
    if (!node) {
      return;
    }
    if (ctx.reader.is_number(*node) || !node->IsScalar()) {
      field = ctx.reader.integer(*node, key);
      if (*field < 0) {
        ctx.reader.fail(*node, fmt::format("{} must not be negative", key));
      }
      return;
    }
    ctx.reader.reject_underscored_number(*node, key);
    computed = read_computed(ctx, *node, "", key);
  };
  read("equals", bound.equals, bound.equals_expr);
  read("at_least", bound.at_least, bound.at_least_expr);
  read("at_most", bound.at_most, bound.at_most_expr);
  const bool has_equals = bound.equals || bound.equals_expr;
  const bool has_range =
      bound.at_least || bound.at_most || bound.at_least_expr || bound.at_most_expr;
  if (!has_equals && !has_range) {
    ctx.reader.fail(map.node(),
                    fmt::format("{} needs 'equals', 'at_least' or 'at_most'", map.what()));
  }
  if (has_equals && has_range) {
    ctx.reader.fail(
        map.node(),
        fmt::format("{}: 'equals' cannot be combined with 'at_least'/'at_most'", map.what()));
  }
  if (bound.at_least && bound.at_most && *bound.at_least > *bound.at_most) {
    ctx.reader.fail(map.node(), fmt::format("{}: 'at_least' is larger than 'at_most'", map.what()));
  }
  return bound;
}

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
  Check check;
  const Context ctx{reader, exercise, check.depends_on};
  const MapReader map(reader, node, "a check", check_keys());
  check.where = reader.where(node);
  check.id = reader.identifier(map.required("id"), "check id");
  if (exercise.find_check(check.id) != nullptr) {
    reader.fail(node, fmt::format("check id '{}' is used twice", check.id));
  }
  check.title = reader.string(map.required("title"), "title");
  if (auto level = map.optional("level")) {
    check.advice = read_level(reader, *level);
    check.points = check.advice ? 0 : check.points;
  }
  if (auto points = map.optional("points")) {
    const std::int64_t p = reader.integer(*points, "points");
    if (p < 0 || p > 1000) {
      reader.fail(*points, "points must be between 0 and 1000");
    }
    if (check.advice && p != 0) {
      reader.fail(*points, fmt::format("check '{}' is advice, which carries no points: leave "
                                       "points out (or write points: 0), or drop level: advice "
                                       "to make it count",
                                       check.id));
    }
    check.points = static_cast<int>(p);
  }
  if (auto hint = map.optional("hint")) {
    check.hint = reader.string(*hint, "hint");
  }
  if (auto hints = map.optional("hints")) {
    for (const auto& [key, value] : reader.entries(*hints, "hints")) {
      check.hints.push_back(
          {reader.identifier(key, "language id"), reader.string(value, "hint"), reader.where(key)});
    }
  }
  if (auto hidden = map.optional("hidden")) {
    check.hidden = reader.boolean(*hidden, "hidden");
    if (check.hidden && check.advice) {
      reader.fail(*hidden, fmt::format("check '{}' is advice, which is there for the student to "
                                       "read: it cannot be hidden",
                                       check.id));
    }
  }
  if (auto depends = map.optional("depends_on")) {
    check.depends_on = read_depends_on(ctx, *depends, check.id, check.advice);
  }
  if (auto languages = map.optional("languages")) {
    LanguageList list = read_language_list(reader, *languages);
    check.languages = std::move(list.ids);
    check.languages_where = std::move(list.where);
  }
  check.kind = read_kind(ctx, map, check.id);
  return check;
}

}  // namespace grade::spec
