// Why a run ended, as one word for machines and one paragraph for the student: the limits a
// program runs into look alike from outside (most end in a signal or status 1), so the facts
// of the RunResult and the limits that applied are read together here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "isolate/child_restrictions.h"
#include "run/run_result.h"

namespace grade::run {

enum class Verdict {
  kOk,
  kNonZeroExit,
  kSignal,
  kWallTimeout,
  kCpuLimit,
  kMemoryLimit,
  kOutputLimit,
  kTaskLimit,
  kFileSizeLimit,
  // A signal from a process outside the run reached it (RunResult::outside_signal): how it
  // ended is not the program's doing, and the grading is the grader's error (worth retrying).
  kOutsideSignal,
  kBuildError,  // assigned by the grading layer (the build step failed), never by classify()
  kBuildLimit,  // the build step went over a limit (build_limit below), never by classify()
  kInternalError,
};

// Stable, for the JSON report: "ok", "nonzero_exit", "signal", "wall_timeout", ...
std::string_view verdict_name(Verdict verdict);

// What happened and what to look at, for a student; the limit's value is the report's to add.
std::string_view verdict_explanation(Verdict verdict);

// The explanation for this run: verdict_explanation(), and who sent the signal where that is
// known (outside_signal) or must be said to be unknown (a signal, in a run not observed).
std::string explain_verdict(Verdict verdict, const RunResult& result);

// How the run ended, under `limits` (the restrictions it ran with). A signal from outside the
// run first: it may itself be why a limit was hit (a SIGSTOP makes a wall timeout). Then our
// own reasons (could not start, wall time, output, tasks), then the kernel's: SIGXCPU, or
// SIGKILL once the CPU time reached the limit (a program that ignored SIGXCPU); SIGXFSZ, or
// Python's OSError
// "[Errno 27]" (EFBIG; Python ignores SIGXFSZ). Memory is a judgement, since a failed
// allocation ends a program in its own way (Python: MemoryError and status 1; C++:
// std::bad_alloc and SIGABRT; C: often SIGSEGV): a failed run whose memory cgroup had a task
// killed by the OOM killer (RunResult::oom_killed) is a memory verdict; so, with a memory
// limit, is a failed run when its stderr names a failed allocation (MemoryError, "can't start new
// thread", std::bad_alloc, "Cannot allocate memory", "[Errno 12]") or its resident set
// reached 90 % of the limit.
// Then any other signal, a non-zero status, or ok.
Verdict classify(const RunResult& result, const isolate::Restrictions& limits);

// The limit a build step went over, if any: classify()'s limits, or one that stopped a process
// the compiler started (cc1plus, as, ld), whose driver then just exits 1: a task of the build
// killed by SIGXCPU or SIGXFSZ, an OOM kill in its cgroup, the compiler's own out-of-memory
// message. Unset: the build ended within its limits.
std::optional<Verdict> build_limit(const RunResult& result, const isolate::Restrictions& limits);

}  // namespace grade::run
