#include "run/process_runner.h"

#include <cerrno>
#include <system_error>

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include "isolate/cgroup.h"
#include "isolate/syscall_filter.h"
#include "run/child_output.h"
#include "run/environment.h"
#include "run/output_collector.h"
#include "run/process_group.h"
#include "run/program_path.h"
#include "run/spawn.h"
#include "run/start_gate.h"
#include "run/supervisor.h"
#include "run/tracer.h"
#include "run/write_order.h"
#include "util/errno_text.h"
#include "util/proc_info.h"
#include "util/timings.h"

namespace grade::run {
namespace {

using Clock = std::chrono::steady_clock;

std::string system_error_text(const char* what, int error) {
  return std::string(what) + " failed: " + errno_text(error);
}

Expected<void> check_working_directory(const std::filesystem::path& cwd) {
  if (cwd.empty()) {
    return {};  // the grader's own
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(cwd, ec)) {
    return unexpected("the working directory " + cwd.string() + " does not exist");
  }
  return {};
}

// Everything a run needs before the fork: the program's file, the child's three streams and
// the gate it waits at until the tracer is attached.
struct Launch {
  std::filesystem::path exe;
  Fd stdin_fd;
  ChildOutput out;
  ChildOutput err;
  StartGate gate;
};

Expected<Launch> prepare_launch(const Command& command) {
  if (command.argv.empty()) {
    return unexpected("the command is empty");
  }
  const auto path_value = find_variable(command.env, "PATH").value_or("");
  auto exe = resolve_program(command.argv.front(), path_value, command.cwd);
  if (!exe) {
    return unexpected(exe.error());
  }
  if (auto cwd_ok = check_working_directory(command.cwd); !cwd_ok) {
    return unexpected(cwd_ok.error());
  }
  auto stdin_fd = open_dev_null();
  if (!stdin_fd) {
    return unexpected(stdin_fd.error());
  }
  auto out = command.stdout_is_terminal ? make_output_terminal() : make_output_pipe();
  if (!out) {
    return unexpected(out.error());
  }
  auto err = make_output_pipe();
  if (!err) {
    return unexpected(err.error());
  }
  auto gate = StartGate::create();
  if (!gate) {
    return unexpected(gate.error());
  }
  return Launch{std::move(*exe), std::move(*stdin_fd), std::move(*out), std::move(*err),
                std::move(*gate)};
}

// The run's cgroup, when the command asks for one; when it cannot be made the run keeps its
// rlimits only, and its totals say why.
std::optional<isolate::RunCgroup> make_cgroup(const Command& command, RunResult& result) {
  if (!command.cgroups) {
    return std::nullopt;
  }
  // One above the task limit: the tracer ends the run when it sees the task one too many,
  // which must be allowed to exist; pids.max holds where the tracer cannot (unobserved runs).
  const std::optional<std::uint64_t> tasks =
      command.task_limit > 0 ? std::optional<std::uint64_t>(command.task_limit + 1) : std::nullopt;
  auto cgroup =
      isolate::RunCgroup::create(*command.cgroups, {command.restrictions.memory_bytes, tasks});
  if (!cgroup) {
    result.totals.reason = cgroup.error();
    return std::nullopt;
  }
  result.totals = cgroup->totals();
  return std::move(*cgroup);
}

// What the run's cgroup recorded, then the cgroup emptied and removed. Anything of the run
// still alive now (escaped from an unobserved run) is killed there.
void end_cgroup(isolate::RunCgroup& cgroup, RunResult& result) {
  const isolate::CgroupUsage usage = cgroup.usage();
  result.oom_killed = usage.oom_killed;  // the run's own count: nothing else's OOM kills
  result.task_limit_hit = result.task_limit_hit || usage.tasks_refused;
  result.peak_memory_bytes = usage.peak_memory_bytes;
  if (auto ended = cgroup.end(); !ended && result.spawn_error.empty()) {
    result.spawn_error = "the run's processes could not all be ended: " + ended.error();
  }
}

TracerOptions tracer_options(const Command& command, const Launch& launch, SeizeFunction seize) {
  TracerOptions options{
      command.observe, command.task_limit, seize, command.restrictions.cpu_seconds, {}};
  // The child's ends: what its descriptors 1 and 2 are open on.
  if (auto out = fd_identity(launch.out.child_end.get())) {
    options.outputs[WriteOrder::kOut] = *out;
  }
  if (auto err = fd_identity(launch.err.child_end.get())) {
    options.outputs[WriteOrder::kErr] = *err;
  }
  return options;
}

// Why the grader ends what is left of the run (for the tracer: Task::killed_by_grader).
GraderKill kill_reason(const WatchOutcome& outcome, const OutputCollector& output) {
  if (outcome.end == WatchOutcome::End::kDeadline) {
    return GraderKill::kWallTimeout;
  }
  if (outcome.end == WatchOutcome::End::kOutputLimit || output.limit_hit()) {
    return GraderKill::kOutputLimit;
  }
  return GraderKill::kRunEnded;  // the tracer says kOutlivedProgram if the program had ended
}

// Output the attribution does not cover is marked as such. In an observed run whose writes all
// completed, more bytes than they made may have come in anywhere (a write the tracer did not
// see, racing a descriptor change): every byte after them would be credited to the wrong task,
// so none is credited.
void note_unattributed(const Capture& capture, const Observation& observation,
                       StreamAttribution& attribution) {
  if (!attribution.unattributed_reason.empty() ||
      capture.data.size() <= attribution.attributed_bytes()) {
    return;
  }
  if (!observation.observed()) {
    attribution.unattributed_reason = "the run was not observed: " + observation.reason;
    return;
  }
  attribution.segments.clear();
  attribution.unattributed_reason =
      "the output holds bytes that no write the grader saw made, so who wrote which of it is "
      "not known";
}

// The tracer thread forks (the child must be its own) and lets the child exec once attached.
// The child joins the run's cgroup before that, so before anything of the submission runs.
Expected<pid_t> start_child(Tracer& tracer, Launch& launch, const Command& command,
                            isolate::RunCgroup* cgroup, RunResult& result) {
  const ChildStdio stdio{launch.stdin_fd.get(), launch.out.child_end.get(),
                         launch.err.child_end.get()};
  const ChildGate gate = launch.gate.child_side();
  // Should attaching fail, the child is started again without the filter that needs a tracer.
  Command untraced = command;
  untraced.restrictions.syscall_filter =
      isolate::without_signal_tracing(command.restrictions.syscall_filter);
  auto pid = tracer.launch(
      [&](bool traced) -> Expected<pid_t> {
        auto child = spawn(launch.exe, traced ? command : untraced, stdio, gate);
        if (child && cgroup != nullptr) {
          if (auto joined = cgroup->add(*child); !joined) {
            result.totals = isolate::Totals{false, false, {}, joined.error()};
          }
        }
        return child;
      },
      [&] { return launch.gate.open(); });
  // Our copies must go at once: a pseudo-terminal reports end of file (EIO) and a pipe EOF
  // only when no process holds the child's end any more.
  launch.stdin_fd.reset();
  launch.out.child_end.reset();
  launch.err.child_end.reset();
  launch.gate.close_child_side();
  return pid;
}

void decode_status(int status, RunResult& result) {
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
}

// How the run ended, from the watch and the tracer. A lost status is recorded rather than
// reported as an unknown end (pid stays set).
void record_end(const WatchOutcome& outcome, const TracerEnd& end, RunResult& result) {
  result.timed_out = outcome.end == WatchOutcome::End::kDeadline;
  result.interrupted = outcome.end == WatchOutcome::End::kCancelled;
  result.task_limit_hit = end.task_limit_hit;
  result.outside_signal = end.outside_signal;
  result.oom_killed = end.oom_killed;
  if (end.status) {
    decode_status(*end.status, result);
  }
  if (end.usage) {
    const auto seconds = [](const timeval& t) {
      return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    result.cpu_seconds = seconds(end.usage->ru_utime) + seconds(end.usage->ru_stime);
    // ru_maxrss is in KiB on Linux.
    result.max_rss_bytes = static_cast<std::uint64_t>(end.usage->ru_maxrss) * 1024U;
  }
  if (outcome.end == WatchOutcome::End::kPollFailed) {
    result.spawn_error = system_error_text("ppoll", outcome.error);
  } else if (!end.status) {
    result.spawn_error = "the grader lost track of it: " + end.error;
  }
}

// The exec failed: nothing of the student's ran, so it was never started (pid 0).
void record_exec_failure(const std::filesystem::path& exe, const ChildFailure& failure,
                         RunResult& result) {
  const char* description = errno_description(failure.error);
  result = RunResult{};
  if (failure.step[0] != '\0') {
    result.spawn_error =
        fmt::format("could not prepare the run ({}): {}", failure.step, errno_text(failure.error));
    return;
  }
  result.spawn_error =
      exe.string() + ": " + (description ? description : errno_text(failure.error));
}

}  // namespace

ProcessRunner::ProcessRunner() { (void)become_child_subreaper(); }  // best effort, see header

ProcessRunner::ProcessRunner(SeizeFunction seize) : ProcessRunner() { seize_ = seize; }

RunResult ProcessRunner::run(const Command& command) {
  RunResult result;
  // An observed run must stay observed: without the filter, clone(CLONE_UNTRACED) would start
  // a task the tracer never sees (and so never kills).
  if (command.observe && command.restrictions.syscall_filter == nullptr) {
    auto filter = isolate::observed_run_filter();
    if (!filter) {
      result.spawn_error = filter.error();
      return result;
    }
    Command filtered = command;
    filtered.restrictions.syscall_filter = *filter;
    return run(filtered);
  }
  auto launch = prepare_launch(command);
  if (!launch) {
    result.spawn_error = launch.error();
    return result;
  }
  std::optional<isolate::RunCgroup> cgroup = make_cgroup(command, result);
  const Clock::time_point start = Clock::now();
  Tracer tracer(tracer_options(command, *launch, seize_), start);
  Command joined = command;
  if (cgroup) {
    joined.restrictions.join_cgroups = cgroup->child_joins();
  }
  auto pid = start_child(tracer, *launch, joined, cgroup ? &*cgroup : nullptr, result);
  if (!pid) {
    // A child that failed while preparing says why; that beats "could not let it start".
    if (const auto failure = launch->gate.exec_error(); failure && failure->step[0] != '\0') {
      record_exec_failure(launch->exe, *failure, result);
    } else {
      result.spawn_error = pid.error();
    }
    return result;
  }
  result.pid = *pid;
  timings::mark("run: child started, traced, past its gate");
  // What os.getppid() returns in the main program: this process, which forked it.
  const auto ids = read_task_ids(*pid);
  result.parent_pid = ids && ids->ppid > 0 ? ids->ppid : ::getpid();

  OutputCollector output(std::move(launch->out.parent_end), std::move(launch->err.parent_end),
                         result.out, result.err, command.output_limit);
  const WatchOutcome outcome =
      watch(tracer.exit_fd(), output, start + command.wall_limit, command.cancel_fd);
  tracer.kill_all(kill_reason(outcome, output));
  TracerEnd end = tracer.join();
  // Everything the run wrote before it died is in the buffers now; nobody writes any more.
  output.drain();
  note_unattributed(result.out, end.observation, end.observation.out);
  note_unattributed(result.err, end.observation, end.observation.err);

  if (const auto exec_error = launch->gate.exec_error()) {
    record_exec_failure(launch->exe, *exec_error, result);
    return result;
  }
  record_end(outcome, end, result);
  if (cgroup) {
    end_cgroup(*cgroup, result);  // after the tracer's account: the cgroup's count is exact
  }
  result.output_limit_hit = output.limit_hit() && !result.timed_out;
  const bool exited = outcome.end == WatchOutcome::End::kExited && end.exited_at;
  const Clock::time_point ended_at = exited ? *end.exited_at : outcome.ended_at;
  result.wall_seconds = std::chrono::duration<double>(ended_at - start).count();
  result.observed = std::move(end.observation);
  return result;
}

}  // namespace grade::run
