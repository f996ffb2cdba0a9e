// What a run really did, as seen by the tracer: every process and thread it created, a plain
// value so checks and reports are tested on canned observations without starting processes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "run/task_standing.h"

namespace grade::run {

// Why the grader killed a task that had not ended by itself.
enum class GraderKill {
  kOutlivedProgram,  // still running when the launched program had ended
  kWallTimeout,      // the run took longer than its wall-time limit
  kOutputLimit,      // the run wrote more than its output limit
  kTaskLimit,        // the run had more tasks alive at once than allowed
  kRunEnded,         // the run ended for another reason (the grader's own failure, say)
};

std::string_view grader_kill_name(GraderKill kill);  // "outlived_program"

struct Task {
  enum class Kind { kProcess, kThread };
  Kind kind = Kind::kProcess;
  int tid = 0;          // the kernel's id of the task; for a process (its main thread), its PID
  int pid = 0;          // the process the task belongs to (== tid for a process)
  int parent_pid = 0;   // the process whose task created it; 0 for the launched process
  std::string program;  // what the process last exec'd (absolute path); empty if it never did
  // The arguments of its last exec, joined by spaces and cut at kMaxCommandLine bytes; empty
  // for a process that did not exec itself (a fork runs its parent's program) and for threads.
  std::string command_line;
  static constexpr std::size_t kMaxCommandLine = 240;
  // Its name (comm) as the kernel had it when the task ended or was killed: the program's
  // file name for a process, or what a thread named itself (pthread_setname_np), at most 15
  // bytes; empty if it could not be read. Not escaped: the program's own text.
  std::string name;
  double start_seconds = 0.0;         // since the run started
  std::optional<double> end_seconds;  // unset if its end was not seen
  std::optional<int> exit_code;       // set when it exited
  std::optional<int> signal;          // set when a signal killed it
  // That signal was sent by a process of the run (the program ended its own task, as
  // Pool.terminate() does), not by the kernel, the grader or anyone outside the run.
  bool signal_from_run = false;
  // Set when the grader killed it (then `signal` is SIGKILL), and why. kOutlivedProgram: it
  // was still running when the launched program had ended, and whatever it would still have
  // printed is lost; never for the launched process.
  std::optional<GraderKill> killed_by_grader;
  // User + system CPU time of this task alone (for a process: of its main thread), read
  // when it ended or was killed; unset if it could not be read.
  std::optional<double> cpu_seconds;
  // A thread still running when another thread ended its process (exit_group; in Python the
  // main program's end, with daemon threads never joined): it was stopped with its process.
  bool outlived_process = false;
  // Where it stood when the wall-time limit hit, read just before the kill; unset otherwise.
  std::optional<Standing> at_timeout;

  bool stopped_at_end() const { return killed_by_grader == GraderKill::kOutlivedProgram; }
  bool is_main_thread() const { return tid == pid; }
};

// Who wrote which bytes of one output stream, in the order they reached it: each segment
// follows the one before, from the stream's first byte. The tracer sees every write to the
// run's stdout and stderr (whatever descriptor it went through: dup'd, reopened, writev,
// sendfile, splice) and lets one happen at a time, so the order is the stream's own.
struct OutputSegment {
  std::size_t length = 0;  // bytes
  int tid = 0;             // the task that wrote them
  int pid = 0;             // its process
};

struct StreamAttribution {
  std::vector<OutputSegment> segments;
  // Bytes past the segments could not be attributed (for example a process killed while its
  // write was under way: how much of it arrived is unknown). Empty when every byte was.
  std::string unattributed_reason;

  std::size_t attributed_bytes() const;

  // Who wrote bytes [begin, end): one task, several, or unknown (past the attributed bytes,
  // or nothing is attributed). An empty range has the author of the byte before it.
  struct Author {
    enum class Kind { kOne, kSeveral, kUnknown };
    Kind kind = Kind::kUnknown;
    int tid = 0;  // kOne
    int pid = 0;  // kOne
  };
  // For one lookup; many go through a run::SegmentIndex (run/segment_index.h).
  Author author_of(std::size_t begin, std::size_t end) const;
};

struct Observation {
  // At most this many tasks are listed; the rest are counted in `omitted`. A program that
  // forks short-lived tasks without end (thousands a second) would otherwise make the grader's
  // memory and the report grow with its run time (1.1 MB of JSON for 3 s of such a program).
  // The course's exercises create tens of tasks, a pool with a task per child a few hundred,
  // and the default task limit is 256 alive at once: 1024 lists any run that is not a storm
  // whole, and keeps a run's share of the JSON report near 430 KB (about 420 bytes a task).
  static constexpr std::size_t kMaxListedTasks = 1024;

  // Tasks created after the first kMaxListedTasks: counted, not listed.
  struct Omitted {
    std::size_t processes = 0;
    std::size_t threads = 0;              // in any process
    std::size_t threads_in_launched = 0;  // of `threads`, those in the launched process
    std::size_t total() const { return processes + threads; }
  };

  enum class State {
    kOff,          // not asked for (setting or flag)
    kUnavailable,  // asked for, but the system does not allow it (reason says why)
    kObserved,     // every task the run created is in `tasks`
  };
  State state = State::kOff;
  std::string reason;       // for kOff and kUnavailable: a sentence a student can read
  std::vector<Task> tasks;  // in order of creation; tasks[0] is the launched process
  Omitted omitted;          // created but not in `tasks`
  // Who wrote the run's output (observed runs only; see StreamAttribution).
  StreamAttribution out;
  StreamAttribution err;

  bool observed() const { return state == State::kObserved; }
  // Every task the run created is in `tasks`.
  bool complete() const { return omitted.total() == 0; }

  // PIDs of the listed processes the run created: every process in `tasks` except the
  // launched one, whoever created them (children, grandchildren, helpers such as a fork
  // server). Incomplete when !complete(): counts come from the functions below.
  std::vector<int> created_processes() const;

  // How many processes the run created, the launched one not counted: listed and omitted.
  std::size_t processes_created() const;

  // Threads created inside process `pid`, its main thread not counted. Omitted threads are
  // counted only for the launched process (the one that matters to checks); for another
  // process the count covers the listed tasks alone.
  std::size_t threads_created_in(int pid) const;

  // Threads created in any process of the run, main threads not counted; listed and omitted.
  std::size_t threads_created() const;

  // PIDs of the listed processes the grader stopped because they outlived the program,
  // multiprocessing's helpers not counted.
  std::vector<int> stopped_at_end() const;

  // The listed threads of process `pid` still running when another of its threads ended the
  // process (Task::outlived_process).
  std::vector<const Task*> threads_outlived_process(int pid) const;

  // The listed tasks with a standing (alive when the wall-time limit hit), multiprocessing's
  // helpers not counted.
  std::vector<const Task*> standing_at_timeout() const;

  // The listed process with this PID (the first, should a PID have been reused); null if none.
  const Task* find_process(int pid) const;
  // The listed task with this thread id; null if none.
  const Task* find_task(int tid) const;
};

// multiprocessing's own helper processes, which a program does not create for its task: the
// resource tracker, the fork server (and Python 3.7's semaphore tracker). Known by the
// command line they exec'd; the workers a fork server forks are not helpers.
bool is_start_method_helper(const Task& task);

}  // namespace grade::run
