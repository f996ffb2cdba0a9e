#include "run/verdict.h"

#include <array>
#include <csignal>

namespace grade::run {
namespace {

// Markers are looked for only near the end of stderr, where a traceback or the runtime's
// last words are; a program printing such text earlier does not change its verdict.
constexpr std::size_t kTailBytes = 4096;

bool tail_contains(const Capture& capture, std::string_view marker) {
  const std::string_view data = capture.data;
  const std::string_view tail =
      data.size() > kTailBytes ? data.substr(data.size() - kTailBytes) : data;
  return tail.find(marker) != std::string_view::npos;
}

bool failed(const RunResult& result) {
  return result.signal.has_value() || (result.exit_code && *result.exit_code != 0);
}

bool ran_out_of_memory(const RunResult& result, const isolate::Restrictions& limits) {
  if (!limits.memory_bytes || !failed(result)) {
    return false;
  }
  constexpr std::array kMarkers = {
      std::string_view("MemoryError"),             // Python
      std::string_view("std::bad_alloc"),          // C++ terminate message
      std::string_view("Cannot allocate memory"),  // ENOMEM from perror() and friends
      std::string_view("[Errno 12]"),              // ENOMEM in a Python OSError
      // Python's RuntimeError when pthread_create fails: under RLIMIT_DATA, no room for the
      // thread's stack (the task limit is the tracer's and has a verdict of its own).
      std::string_view("can't start new thread"),
  };
  for (const std::string_view marker : kMarkers) {
    if (tail_contains(result.err, marker)) {
      return true;
    }
  }
  // Resident memory cannot exceed the limit; near it, the program was using all it had.
  return result.max_rss_bytes && static_cast<double>(*result.max_rss_bytes) >=
                                     0.9 * static_cast<double>(*limits.memory_bytes);
}

}  // namespace

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::kOk:
      return "ok";
    case Verdict::kNonZeroExit:
      return "nonzero_exit";
    case Verdict::kSignal:
      return "signal";
    case Verdict::kWallTimeout:
      return "wall_timeout";
    case Verdict::kCpuLimit:
      return "cpu_limit";
    case Verdict::kMemoryLimit:
      return "memory_limit";
    case Verdict::kOutputLimit:
      return "output_limit";
    case Verdict::kTaskLimit:
      return "task_limit";
    case Verdict::kFileSizeLimit:
      return "file_size_limit";
    case Verdict::kOutsideSignal:
      return "outside_signal";
    case Verdict::kBuildError:
      return "build_error";
    case Verdict::kBuildLimit:
      return "build_limit";
    case Verdict::kInternalError:
      return "internal_error";
  }
  return "internal_error";
}

std::string_view verdict_explanation(Verdict verdict) {
  switch (verdict) {
    case Verdict::kOk:
      return "The program ended by itself with exit status 0, within every limit.";
    case Verdict::kNonZeroExit:
      return "The program ended with a non-zero exit status, which means it failed. A Python "
             "program does this when an exception is not caught: its traceback on stderr "
             "shows where. A call such as sys.exit(1) does it too.";
    case Verdict::kSignal:
      return "The program was stopped by a signal before it could finish: a crash (for "
             "example SIGSEGV, an invalid memory access, or SIGABRT, an aborted program) or "
             "a signal it sent itself or received from one of its own processes.";
    case Verdict::kWallTimeout:
      return "The program did not finish within the time limit and was stopped. It may be "
             "waiting forever: for input that never comes, for a lock, for a thread or "
             "process that never ends (a missing join, a full pipe or queue), or looping "
             "without end.";
    case Verdict::kCpuLimit:
      return "A process of the program used more processor time than allowed and was "
             "stopped. Look for a loop that never ends or does far more work than needed, "
             "or for busy waiting: wait on a lock, event or join instead of checking a "
             "variable again and again.";
    case Verdict::kMemoryLimit:
      return "The program tried to use more memory than allowed, so an allocation failed "
             "(in Python: MemoryError), or, when all its processes together went over the "
             "limit, the system stopped it. Look for a list, string or dictionary that keeps "
             "growing, a very large object built at once, or many threads (each thread "
             "reserves memory for its stack).";
    case Verdict::kOutputLimit:
      return "The program printed more than allowed and was stopped. Look for a print in a "
             "loop that never ends, or for debugging output left in.";
    case Verdict::kTaskLimit:
      return "The program tried to have more processes and threads alive at the same time "
             "than allowed and was stopped. Look for processes or threads started in a loop "
             "without end, or started by every child again (a fork that is not guarded).";
    case Verdict::kFileSizeLimit:
      return "The program tried to write a file larger than allowed, and the write failed "
             "(in Python: OSError [Errno 27] File too large). Look for a loop that keeps "
             "writing to a file.";
    case Verdict::kOutsideSignal:
      return "A process that is not part of the program sent it a signal while it ran, so "
             "how the run ended is not the program's doing. This is not a problem with your "
             "program: the grading must be done again.";
    case Verdict::kBuildError:
      return "The program could not be prepared for running (it does not compile), so it "
             "was not run. The messages of the build step say where the problem is.";
    case Verdict::kBuildLimit:
      return "Building the program went over one of the build's limits (time, memory, output "
             "or file size), so it was not run. Ordinary programs build far within them: look "
             "for code that makes the compiler work very hard, such as deep template "
             "recursion, a huge initialised array, or an #include of something that is not a "
             "source file.";
    case Verdict::kInternalError:
      return "The grader could not run the program or lost track of it. This is not a "
             "problem with your program: tell the course staff, with this report.";
  }
  return "";
}

std::string explain_verdict(Verdict verdict, const RunResult& result) {
  std::string text(verdict_explanation(verdict));
  if (verdict == Verdict::kOutsideSignal && result.outside_signal) {
    text += " " + describe(*result.outside_signal) + ".";
  } else if (verdict == Verdict::kSignal && !result.observed.observed()) {
    text +=
        " The run was not observed, so who sent the signal is unknown: it may also have "
        "come from outside the program.";
  }
  return text;
}

Verdict classify(const RunResult& result, const isolate::Restrictions& limits) {
  if (!result.started()) {
    return Verdict::kInternalError;
  }
  if (result.outside_signal) {
    return Verdict::kOutsideSignal;
  }
  // The grader's own reasons explain the SIGKILL that follows them.
  if (result.timed_out) {
    return Verdict::kWallTimeout;
  }
  if (result.output_limit_hit) {
    return Verdict::kOutputLimit;
  }
  if (result.task_limit_hit) {
    return Verdict::kTaskLimit;
  }
  // The run's memory cgroup was full and the kernel killed a task of it: the SIGKILL, or the
  // failure of a parent whose child was killed, is the memory limit's doing.
  if (result.oom_killed && failed(result)) {
    return Verdict::kMemoryLimit;
  }
  const int signal = result.signal.value_or(0);
  if (signal == SIGXCPU || (signal == SIGKILL && limits.cpu_seconds && result.cpu_seconds &&
                            *result.cpu_seconds >= static_cast<double>(*limits.cpu_seconds))) {
    return Verdict::kCpuLimit;
  }
  if (signal == SIGXFSZ ||
      (limits.file_bytes && failed(result) && tail_contains(result.err, "[Errno 27]"))) {
    return Verdict::kFileSizeLimit;
  }
  if (ran_out_of_memory(result, limits)) {
    return Verdict::kMemoryLimit;
  }
  if (result.signal) {
    return Verdict::kSignal;
  }
  if (!result.exit_code) {
    return Verdict::kInternalError;  // neither exited nor killed: nothing is known
  }
  return *result.exit_code == 0 ? Verdict::kOk : Verdict::kNonZeroExit;
}

std::optional<Verdict> build_limit(const RunResult& result, const isolate::Restrictions& limits) {
  switch (const Verdict verdict = classify(result, limits)) {
    case Verdict::kWallTimeout:
    case Verdict::kCpuLimit:
    case Verdict::kMemoryLimit:
    case Verdict::kOutputLimit:
    case Verdict::kTaskLimit:
    case Verdict::kFileSizeLimit:
      return verdict;
    default:
      break;
  }
  if (!failed(result)) {
    return std::nullopt;
  }
  for (const Task& task : result.observed.tasks) {
    if (task.signal == SIGXCPU) {
      return Verdict::kCpuLimit;
    }
    if (task.signal == SIGXFSZ) {
      return Verdict::kFileSizeLimit;
    }
  }
  // GCC's words when an allocation fails under RLIMIT_DATA ("cc1plus: out of memory
  // allocating ...", "virtual memory exhausted"); an OOM kill in the cgroup is classify()'s.
  constexpr std::array kMarkers = {std::string_view("out of memory allocating"),
                                   std::string_view("virtual memory exhausted")};
  for (const std::string_view marker : kMarkers) {
    if (tail_contains(result.err, marker) || tail_contains(result.out, marker)) {
      return Verdict::kMemoryLimit;
    }
  }
  return std::nullopt;
}

}  // namespace grade::run
