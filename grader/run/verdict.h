// Why a run ended, as one word for machines and one paragraph for the student: the limits a
// program runs into look alike from outside (most end in a signal or status 1), so the facts
// of the RunResult and the limits that applied are read together here.
#pragma once

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
  kBuildError,  // assigned by the grading layer (the build step failed), never by classify()
  kInternalError,
};

// Stable, for the JSON report: "ok", "nonzero_exit", "signal", "wall_timeout", ...
std::string_view verdict_name(Verdict verdict);

// What happened and what to look at, for a student; the limit's value is the report's to add.
std::string_view verdict_explanation(Verdict verdict);

// How the run ended, under `limits` (the restrictions it ran with). Our own reasons first
// (could not start, wall time, output, tasks), then the kernel's: SIGXCPU, or SIGKILL once the
// CPU time reached the limit (a program that ignored SIGXCPU); SIGXFSZ, or Python's OSError
// "[Errno 27]" (EFBIG; Python ignores SIGXFSZ). Memory is a judgement, since a failed
// allocation ends a program in its own way (Python: MemoryError and status 1; C++:
// std::bad_alloc and SIGABRT; C: often SIGSEGV): a failed run whose memory cgroup had a task
// killed by the OOM killer (RunResult::oom_killed) is a memory verdict; so, with a memory
// limit, is a failed run when its stderr names a failed allocation (MemoryError, "can't start new
// thread", std::bad_alloc, "Cannot allocate memory", "[Errno 12]") or its resident set
// reached 90 % of the limit.
// Then any other signal, a non-zero status, or ok.
Verdict classify(const RunResult& result, const isolate::Restrictions& limits);

}  // namespace grade::run
