// What a check can refer to besides constants: captures of an extractor, per-line selectors
// (a capture, or who wrote the line), and facts the grader knows about the run
// (docs/spec-reference.md#facts, #line-selectors).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/task_set.h"

namespace grade::spec {

// "extractor.capture", resolved and validated against the extractors at load time.
struct CaptureRef {
  std::string extractor;
  std::string capture;

  std::string str() const { return extractor + "." + capture; }
};

// One value per line an extractor matched: a capture's text, the parent of the process a
// captured PID names, or something about the task that wrote the line (its author).
struct LineSelector {
  enum class Kind {
    kCapture,             // extractor.capture
    kCaptureParent,       // extractor.capture.parent: the creator of the process it names
    kAuthorPid,           // extractor.author.pid
    kAuthorTid,           // extractor.author.tid
    kAuthorParentPid,     // extractor.author.parent_pid: the creator of the author's process
    kAuthorIsMainThread,  // extractor.author.is_main_thread
    kAuthorIsLaunched,    // extractor.author.is_launched: its process is the launched program
  };
  Kind kind = Kind::kCapture;
  std::string extractor;
  std::string capture;  // kCapture, kCaptureParent

  CaptureRef capture_ref() const { return {extractor, capture}; }
  std::string str() const;   // as written: "pid_line.author.pid"
  std::string name() const;  // without the extractor, as messages say it: "author.pid"
  bool reads_author() const;
  // Everything but a plain capture is known only for an observed run.
  bool needs_observation() const { return kind != Kind::kCapture; }
  bool is_boolean() const {
    return kind == Kind::kAuthorIsMainThread || kind == Kind::kAuthorIsLaunched;
  }
};

// The fields of `extractor.author.<field>`, in the order messages list them.
std::vector<std::string> author_field_names();
// The selector kind of `extractor.author.<field>`, if `field` is one.
std::optional<LineSelector::Kind> find_author_field(std::string_view field);
// "a.b.c" as {"a", "b", "c"}: the parts of a dotted name.
std::vector<std::string> split_at_dots(std::string_view name);

// Facts the grader knows about a run.
struct Fact {
  enum class Kind {
    kLaunchedPid,  // run.pid: the PID of the process the grader started
    kWallTime,     // run.wall_time: seconds from start to the end of the run
    kTaskIds,      // observed.<set>: PIDs (process sets) or TIDs (thread sets) of a task set
    kTaskNames,    // observed.<set>.names: the names (comm) of the tasks of a set
    kSpan,         // observed.<set>.span: seconds from its first start to its last end
    kCpu,          // observed.<set>.cpu: CPU seconds of its tasks together
    kCpus,         // run.cpus: the CPUs the run may use (affinity mask, capped by a CPU quota)
    kOnlineCpus,   // run.online_cpus: the CPUs online, what Python 3.11's os.cpu_count() says
    kTaskCount,    // observed.<set>.count: how many tasks the set holds
  };
  Kind kind = Kind::kLaunchedPid;
  TaskSet tasks = TaskSet::kProcesses;  // kTaskIds, kTaskNames, kSpan, kCpu

  // Holds several values, compared with `in` / `not_in` only.
  bool is_set() const { return kind == Kind::kTaskIds || kind == Kind::kTaskNames; }
  // Known only when the run was observed (traced); checks using it are skipped, with the
  // reason, when it was not.
  bool needs_observation() const {
    return kind != Kind::kLaunchedPid && kind != Kind::kWallTime && kind != Kind::kCpus &&
           kind != Kind::kOnlineCpus;
  }
  std::string name() const;  // "observed.worker_threads.span"

  friend bool operator==(const Fact&, const Fact&) = default;
};

// The fact a name stands for, if any: run.pid, run.wall_time, run.cpus, run.online_cpus,
// observed.<set>, observed.<set>.names, observed.<set>.span, observed.<set>.cpu,
// observed.<set>.count, and observed.processes.direct /
// observed.processes.workers (other names of observed.direct_processes /
// observed.worker_processes).
std::optional<Fact> find_fact(std::string_view name);
// Every name find_fact knows, for messages and suggestions.
std::vector<std::string> fact_names();

}  // namespace grade::spec
