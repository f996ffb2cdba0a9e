#include "spec/references.h"

#include <fmt/format.h>

namespace grade::spec {

namespace {

std::string_view author_field(LineSelector::Kind kind) {
  switch (kind) {
    case LineSelector::Kind::kAuthorPid:
      return "pid";
    case LineSelector::Kind::kAuthorTid:
      return "tid";
    case LineSelector::Kind::kAuthorParentPid:
      return "parent_pid";
    case LineSelector::Kind::kAuthorIsMainThread:
      return "is_main_thread";
    case LineSelector::Kind::kAuthorIsLaunched:
      return "is_launched";
    case LineSelector::Kind::kCapture:
    case LineSelector::Kind::kCaptureParent:
      break;
  }
  return "";
}

// The names written in specs for the other spelling of two set facts.
constexpr std::string_view kDirectAlias = "observed.processes.direct";
constexpr std::string_view kWorkersAlias = "observed.processes.workers";

// Every fact under its own name.
std::vector<Fact> all_facts() {
  std::vector<Fact> facts = {{Fact::Kind::kLaunchedPid},
                             {Fact::Kind::kWallTime},
                             {Fact::Kind::kCpus},
                             {Fact::Kind::kOnlineCpus}};
  for (const auto kind : {Fact::Kind::kTaskIds, Fact::Kind::kTaskNames, Fact::Kind::kSpan,
                          Fact::Kind::kCpu, Fact::Kind::kTaskCount}) {
    for (const TaskSet set : kTaskSets) {
      facts.push_back({kind, set});
    }
  }
  return facts;
}

}  // namespace

std::string LineSelector::str() const { return extractor + "." + name(); }

std::string LineSelector::name() const {
  switch (kind) {
    case Kind::kCapture:
      return capture;
    case Kind::kCaptureParent:
      return capture + ".parent";
    default:
      return fmt::format("author.{}", author_field(kind));
  }
}

bool LineSelector::reads_author() const {
  return kind != Kind::kCapture && kind != Kind::kCaptureParent;
}

std::vector<std::string> author_field_names() {
  std::vector<std::string> names;
  for (const auto kind :
       {LineSelector::Kind::kAuthorPid, LineSelector::Kind::kAuthorTid,
        LineSelector::Kind::kAuthorParentPid, LineSelector::Kind::kAuthorIsMainThread,
        LineSelector::Kind::kAuthorIsLaunched}) {
    names.emplace_back(author_field(kind));
  }
  return names;
}

std::optional<LineSelector::Kind> find_author_field(std::string_view field) {
  for (const auto kind :
       {LineSelector::Kind::kAuthorPid, LineSelector::Kind::kAuthorTid,
        LineSelector::Kind::kAuthorParentPid, LineSelector::Kind::kAuthorIsMainThread,
        LineSelector::Kind::kAuthorIsLaunched}) {
    if (author_field(kind) == field) {
      return kind;
    }
  }
  return std::nullopt;
}

std::vector<std::string> split_at_dots(std::string_view name) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  while (true) {
    const std::size_t dot = name.find('.', begin);
    parts.emplace_back(name.substr(begin, dot == std::string_view::npos ? dot : dot - begin));
    if (dot == std::string_view::npos) {
      return parts;
    }
    begin = dot + 1;
  }
}

std::string Fact::name() const {
  switch (kind) {
    case Kind::kLaunchedPid:
      return "run.pid";
    case Kind::kWallTime:
      return "run.wall_time";
    case Kind::kTaskIds:
      return fmt::format("observed.{}", task_set_name(tasks));
    case Kind::kTaskNames:
      return fmt::format("observed.{}.names", task_set_name(tasks));
    case Kind::kSpan:
      return fmt::format("observed.{}.span", task_set_name(tasks));
    case Kind::kCpu:
      return fmt::format("observed.{}.cpu", task_set_name(tasks));
    case Kind::kCpus:
      return "run.cpus";
    case Kind::kOnlineCpus:
      return "run.online_cpus";
    case Kind::kTaskCount:
      return fmt::format("observed.{}.count", task_set_name(tasks));
  }
  return "?";
}

std::optional<Fact> find_fact(std::string_view name) {
  if (name == kDirectAlias) {
    return Fact{Fact::Kind::kTaskIds, TaskSet::kDirectProcesses};
  }
  if (name == kWorkersAlias) {
    return Fact{Fact::Kind::kTaskIds, TaskSet::kWorkerProcesses};
  }
  for (const Fact& fact : all_facts()) {
    if (fact.name() == name) {
      return fact;
    }
  }
  return std::nullopt;
}

std::vector<std::string> fact_names() {
  std::vector<std::string> names;
  for (const Fact& fact : all_facts()) {
    names.push_back(fact.name());
  }
  names.emplace_back(kDirectAlias);
  names.emplace_back(kWorkersAlias);
  return names;
}

}  // namespace grade::spec
