#include "spec/exercise_loader.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <fmt/format.h>
#include <set>
#include <signal.h>

#include "spec/yaml_reader.h"

namespace grade::spec {

namespace {

constexpr std::array<std::string_view, 7> kCheckKinds = {
    "exit", "count", "distinct", "all_equal", "each", "picks_min", "unmatched"};

// Everything that reading one exercise needs to share, so helpers take one argument.
struct Context {
  YamlReader reader;
  Exercise& exercise;
  std::set<std::string> check_ids;
};

Stream read_stream(const Context& ctx, const YAML::Node& node) {
  const std::string s = ctx.reader.string(node, "stream");
  if (s == "stdout") {
    return Stream::kStdout;
  }
  if (s == "stderr") {
    return Stream::kStderr;
  }
  ctx.reader.fail(node, fmt::format("stream must be 'stdout' or 'stderr', found '{}'", s));
}

std::shared_ptr<const RE2> compile(const Context& ctx, const YAML::Node& node,
                                   std::string_view what) {
  const std::string pattern = ctx.reader.string(node, what);
  RE2::Options options;
  options.set_log_errors(false);
  auto regex = std::make_shared<const RE2>(pattern, options);
  if (!regex->ok()) {
    ctx.reader.fail(node, fmt::format("{} is not a valid RE2 regular expression: {}", what,
                                      regex->error()));
  }
  return regex;
}

Extractor read_extractor(const Context& ctx, const std::string& name, const YAML::Node& node) {
  MapReader map(ctx.reader, node, fmt::format("extractor '{}'", name));
  Extractor extractor;
  extractor.name = name;
  extractor.where = ctx.reader.where(node);
  const YAML::Node pattern = map.required("pattern");
  extractor.pattern = ctx.reader.string(pattern, "pattern");
  extractor.regex = compile(ctx, pattern, "pattern");
  if (auto near = map.optional("near")) {
    extractor.near_regex = compile(ctx, *near, "near");
  }
  if (auto stream = map.optional("stream")) {
    extractor.stream = read_stream(ctx, *stream);
  }
  if (auto label = map.optional("label")) {
    extractor.label = ctx.reader.string(*label, "label");
  } else {
    extractor.label = fmt::format("lines matching '{}'", extractor.pattern);
  }
  map.finish();
  // Named groups in pattern order, so messages list them as the author wrote them.
  std::vector<std::pair<int, std::string>> groups;
  for (const auto& [group, index] : extractor.regex->NamedCapturingGroups()) {
    groups.emplace_back(index, group);
  }
  std::sort(groups.begin(), groups.end());
  for (auto& group : groups) {
    extractor.captures.push_back(std::move(group.second));
  }
  return extractor;
}

CaptureRef read_capture(const Context& ctx, const YAML::Node& node, std::string_view what) {
  const std::string s = ctx.reader.string(node, what);
  const std::size_t dot = s.find('.');
  if (dot == std::string::npos) {
    ctx.reader.fail(node, fmt::format("{} must name a capture as 'extractor.capture', found '{}'",
                                      what, s));
  }
  CaptureRef ref{s.substr(0, dot), s.substr(dot + 1)};
  const Extractor* extractor = ctx.exercise.find_extractor(ref.extractor);
  if (extractor == nullptr) {
    ctx.reader.fail(node, fmt::format("{} refers to an unknown extractor '{}'", what, ref.extractor));
  }
  if (std::find(extractor->captures.begin(), extractor->captures.end(), ref.capture) ==
      extractor->captures.end()) {
    ctx.reader.fail(node, fmt::format("extractor '{}' has no named group '{}' (it has: {})",
                                      ref.extractor, ref.capture,
                                      extractor->captures.empty()
                                          ? std::string("none")
                                          : fmt::format("{}", fmt::join(extractor->captures, ", "))));
  }
  return ref;
}

Bound read_bound(const Context& ctx, MapReader& map) {
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
    ctx.reader.fail(map.node(), fmt::format("{} needs 'equals', 'at_least' or 'at_most'", map.what()));
  }
  if (bound.equals && (bound.at_least || bound.at_most)) {
    ctx.reader.fail(map.node(),
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
  ctx.reader.fail(node, fmt::format("op must be one of == != < <= > >=, found '{}'", s));
}

Fact read_fact(const Context& ctx, const YAML::Node& node) {
  const std::string s = ctx.reader.string(node, "fact");
  if (s == "run.pid") {
    return Fact::kLaunchedPid;
  }
  if (s == "run.wall_time") {
    return Fact::kWallTime;
  }
  ctx.reader.fail(node, fmt::format("unknown fact '{}' (known: run.pid, run.wall_time)", s));
}

int read_signal(const Context& ctx, const YAML::Node& node) {
  if (ctx.reader.is_number(node)) {
    return static_cast<int>(ctx.reader.integer(node, "signal"));
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

CheckKind read_kind(const Context& ctx, std::string_view kind, const YAML::Node& node,
                    const std::string& check_id) {
  MapReader map(ctx.reader, node, fmt::format("'{}' of check '{}'", kind, check_id));
  CheckKind result;
  if (kind == "exit") {
    ExitCheck exit;
    if (auto code = map.optional("code")) {
      exit.code = static_cast<int>(ctx.reader.integer(*code, "code"));
    }
    if (auto signal = map.optional("signal")) {
      exit.signal = read_signal(ctx, *signal);
    }
    if (exit.code.has_value() == exit.signal.has_value()) {
      ctx.reader.fail(node, "exit needs exactly one of 'code' or 'signal'");
    }
    result = exit;
  } else if (kind == "count") {
    const YAML::Node of = map.required("of");
    CountCheck count{ctx.reader.string(of, "of"), read_bound(ctx, map)};
    if (ctx.exercise.find_extractor(count.extractor) == nullptr) {
      ctx.reader.fail(of, fmt::format("count refers to an unknown extractor '{}'", count.extractor));
    }
    result = count;
  } else if (kind == "distinct") {
    result = DistinctCheck{read_capture(ctx, map.required("of"), "of"), read_bound(ctx, map)};
  } else if (kind == "all_equal") {
    result = AllEqualCheck{read_capture(ctx, map.required("of"), "of")};
  } else if (kind == "each") {
    EachCheck each;
    each.of = read_capture(ctx, map.required("of"), "of");
    each.op = read_op(ctx, map.required("op"));
    const auto value = map.optional("value");
    const auto fact = map.optional("fact");
    const auto capture = map.optional("capture");
    if (int(value.has_value()) + int(fact.has_value()) + int(capture.has_value()) != 1) {
      ctx.reader.fail(node, "each needs exactly one of 'value', 'fact' or 'capture' to compare with");
    }
    if (value && ctx.reader.is_number(*value)) {
      each.rhs = ctx.reader.number(*value, "value");
    } else if (value) {
      each.rhs = ctx.reader.string(*value, "value");
      if (each.op != Op::kEq && each.op != Op::kNe) {
        ctx.reader.fail(*value, "only == and != compare with text; use a number for ordering");
      }
    } else if (fact) {
      each.rhs = read_fact(ctx, *fact);
    } else {
      each.rhs = read_capture(ctx, *capture, "capture");
    }
    result = each;
  } else if (kind == "picks_min") {
    PicksMinCheck picks;
    picks.choice = read_capture(ctx, map.required("choice"), "choice");
    const YAML::Node options = map.required("options");
    MapReader option_map(ctx.reader, options, "options");
    for (const auto& entry : options) {
      const std::string word = ctx.reader.string(entry.first, "option");
      option_map.allow(word);
      picks.options.emplace(word, read_capture(ctx, entry.second, "option value"));
    }
    if (picks.options.size() < 2) {
      ctx.reader.fail(options, "picks_min needs at least two options");
    }
    result = picks;
  } else {
    UnmatchedCheck unmatched;
    if (auto stream = map.optional("stream")) {
      unmatched.stream = read_stream(ctx, *stream);
    }
    unmatched.bound = read_bound(ctx, map);
    result = unmatched;
  }
  map.finish();
  return result;
}

Check read_check(Context& ctx, const YAML::Node& node) {
  MapReader map(ctx.reader, node, "a check");
  Check check;
  check.where = ctx.reader.where(node);
  check.id = ctx.reader.identifier(map.required("id"), "check id");
  if (!ctx.check_ids.insert(check.id).second) {
    ctx.reader.fail(node, fmt::format("check id '{}' is used twice", check.id));
  }
  check.title = ctx.reader.string(map.required("title"), "title");
  if (auto points = map.optional("points")) {
    const std::int64_t p = ctx.reader.integer(*points, "points");
    if (p < 0 || p > 1000) {
      ctx.reader.fail(*points, "points must be between 0 and 1000");
    }
    check.points = static_cast<int>(p);
  }
  if (auto hint = map.optional("hint")) {
    check.hint = std::string(ctx.reader.string(*hint, "hint"));
  }
  if (auto depends = map.optional("depends_on")) {
    check.depends_on = ctx.reader.string_list(*depends, "depends_on");
    for (const std::string& dependency : check.depends_on) {
      // Only earlier checks: keeps evaluation one pass and cycles impossible.
      const bool earlier = std::any_of(
          ctx.exercise.checks.begin(), ctx.exercise.checks.end(),
          [&](const Check& c) { return c.id == dependency; });
      if (!earlier) {
        ctx.reader.fail(*depends, fmt::format("check '{}' depends on '{}', which is not a check "
                                              "defined before it",
                                              check.id, dependency));
      }
    }
  }
  std::vector<std::pair<std::string_view, YAML::Node>> kinds;
  for (const std::string_view kind : kCheckKinds) {
    if (auto value = map.optional(kind)) {
      kinds.emplace_back(kind, *value);
    }
  }
  map.finish();  // first, so a misspelt kind gets a "did you mean"
  if (kinds.size() != 1) {
    ctx.reader.fail(node, fmt::format("check '{}' needs exactly one of: {}", check.id,
                                      fmt::join(kCheckKinds, ", ")));
  }
  check.kind = read_kind(ctx, kinds.front().first, kinds.front().second, check.id);
  return check;
}

}  // namespace

Exercise load_exercise(const std::filesystem::path& spec_file) {
  Exercise exercise;
  exercise.file = spec_file;
  Context ctx{YamlReader(spec_file.string()), exercise, {}};
  const YAML::Node document = load_yaml_file(spec_file.string());
  MapReader map(ctx.reader, document, "the exercise spec");

  exercise.id = ctx.reader.identifier(map.required("id"), "exercise id");
  exercise.title = ctx.reader.string(map.required("title"), "title");
  exercise.prompt = ctx.reader.string(map.required("prompt"), "prompt");
  exercise.contract = ctx.reader.string(map.required("contract"), "contract");
  if (auto repeat = map.optional("repeat")) {
    const std::int64_t n = ctx.reader.integer(*repeat, "repeat");
    if (n < 1 || n > 1000) {
      ctx.reader.fail(*repeat, "repeat must be between 1 and 1000");
    }
    exercise.repeat = static_cast<int>(n);
  }
  if (auto limits = map.optional("limits")) {
    MapReader limit_map(ctx.reader, *limits, "limits");
    if (auto wall = limit_map.optional("wall_time")) {
      exercise.limits.wall_time = ctx.reader.duration(*wall, "wall_time");
    }
    if (auto bytes = limit_map.optional("output_bytes")) {
      exercise.limits.output_bytes = ctx.reader.byte_size(*bytes, "output_bytes");
    }
    limit_map.finish();
  }

  const YAML::Node extract = map.required("extract");
  MapReader extract_map(ctx.reader, extract, "extract");
  for (const auto& entry : extract) {
    const std::string name = ctx.reader.identifier(entry.first, "extractor name");
    extract_map.allow(name);
    exercise.extractors.push_back(read_extractor(ctx, name, entry.second));
  }

  const YAML::Node checks = map.required("checks");
  if (!checks.IsSequence() || checks.size() == 0) {
    ctx.reader.fail(checks, "checks must be a non-empty list");
  }
  for (const YAML::Node& node : checks) {
    exercise.checks.push_back(read_check(ctx, node));
  }
  map.finish();
  return exercise;
}

}  // namespace grade::spec
