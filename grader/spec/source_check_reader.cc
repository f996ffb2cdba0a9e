// The `source` check kind: how the program is written (docs/spec-reference.md#source).
#include <algorithm>

#include <fmt/format.h>
#include <re2/re2.h>

#include "spec/kind_readers.h"

namespace grade::spec {

namespace {

// A module or a dotted name as Python writes it: threading, threading.Lock, os.path.join.
std::string read_dotted(const KindContext& ctx, const YAML::Node& node, SourceCheck::What what) {
  static const RE2 dotted(R"([A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)");
  std::string name = ctx.reader.string(node, source_key(what));
  if (!RE2::FullMatch(name, dotted)) {
    ctx.reader.fail(
        node,
        fmt::format("'{}' is not a Python name; write a dotted name such as {}", name,
                    what == SourceCheck::What::kImports ? "multiprocessing" : "threading.Lock"));
  }
  // A call is known by the module it comes from; a bare name (Lock, print) is never recorded.
  if (what != SourceCheck::What::kImports && name.find('.') == std::string::npos) {
    ctx.reader.fail(node, fmt::format("{} names a function or class with its module, such as "
                                      "threading.{} or multiprocessing.{}; a bare name is not "
                                      "recorded (built-in functions such as print are not)",
                                      source_key(what), name, name));
  }
  return name;
}

std::vector<std::string> read_names(const KindContext& ctx, const YAML::Node& node,
                                    SourceCheck::What what) {
  std::vector<std::string> names;
  if (!node.IsSequence()) {
    names.push_back(read_dotted(ctx, node, what));
    return names;
  }
  if (node.size() == 0) {
    ctx.reader.fail(node, fmt::format("{} needs at least one name", source_key(what)));
  }
  for (const YAML::Node& item : node) {
    std::string name = read_dotted(ctx, item, what);
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      ctx.reader.fail(item, fmt::format("'{}' is named twice", name));
    }
    names.push_back(std::move(name));
  }
  return names;
}

}  // namespace

CheckKind read_source(const KindContext& ctx, const YAML::Node& node, const std::string& what) {
  const MapReader map(ctx.reader, node, what,
                      {"imports", "calls", "with", "main_guard", "present"});
  std::vector<std::pair<SourceCheck::What, YAML::Node>> given;
  for (const auto kind : {SourceCheck::What::kImports, SourceCheck::What::kCalls,
                          SourceCheck::What::kWith, SourceCheck::What::kMainGuard}) {
    if (auto value = map.optional(source_key(kind))) {
      given.emplace_back(kind, *value);
    }
  }
  if (given.size() != 1) {
    ctx.reader.fail(node, fmt::format("{} needs exactly one of 'imports', 'calls', 'with' or "
                                      "'main_guard' (one source check per fact)",
                                      what));
  }
  SourceCheck source;
  source.what = given.front().first;
  const YAML::Node& value = given.front().second;
  if (source.what == SourceCheck::What::kMainGuard) {
    if (!ctx.reader.boolean(value, "main_guard")) {
      ctx.reader.fail(value,
                      "main_guard takes only true; for a program that must not have the guard "
                      "write main_guard: true with present: false");
    }
  } else {
    source.names = read_names(ctx, value, source.what);
  }
  if (auto present = map.optional("present")) {
    source.present = ctx.reader.boolean(*present, "present");
  }
  return source;
}

}  // namespace grade::spec
