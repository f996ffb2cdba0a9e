#include "run/process_runner.h"

#include <cerrno>
#include <system_error>

#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run/child_output.h"
#include "run/environment.h"
#include "run/output_collector.h"
#include "run/process_group.h"
#include "run/program_path.h"
#include "run/spawn.h"
#include "run/supervisor.h"
#include "util/errno_text.h"

namespace grade::run {
namespace {

namespace bp = boost::process;
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

// Everything a run needs before the fork: the program's file and the child's three streams.
struct Launch {
  std::filesystem::path exe;
  Fd stdin_fd;
  ChildOutput out;
  ChildOutput err;
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
  return Launch{std::move(*exe), std::move(*stdin_fd), std::move(*out), std::move(*err)};
}

Expected<bp::child> start_child(Launch& launch, const Command& command) {
  const ChildStdio stdio{launch.stdin_fd.get(), launch.out.child_end.get(),
                         launch.err.child_end.get()};
  auto spawned = spawn(launch.exe, command, stdio);
  // Our copies must go at once: a pseudo-terminal reports end of file (EIO) and a pipe EOF
  // only when no process holds the child's end any more.
  launch.stdin_fd.reset();
  launch.out.child_end.reset();
  launch.err.child_end.reset();
  return spawned;
}

// glibc 2.36's <sys/pidfd.h> lacks extern "C" (fixed in 2.37), so C++ cannot link its
// wrapper; the raw syscall is the portable spelling. Linux >= 5.3.
int open_pidfd(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0U)); }

WatchOutcome watch_failed(int error) {
  WatchOutcome outcome;
  outcome.end = WatchOutcome::End::kPollFailed;
  outcome.error = error;
  outcome.ended_at = Clock::now();
  return outcome;
}

// Kills the whole group and reaps it; returns the error of waiting for the leader, if any.
std::error_code end_group(bp::child& child, pid_t pgid) {
  // The group dies before its leader is reaped: the leader, even as a zombie, keeps the group
  // number from being reused, so the kill cannot hit anybody else.
  kill_group(pgid);
  // Reaped through Boost so its child object knows: its destructor would otherwise try to
  // terminate a child it believes is still running.
  std::error_code wait_error;
  child.wait(wait_error);
  reap_group_members(pgid);
  return wait_error;
}

void decode_status(int status, RunResult& result) {
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
}

// How the run ended, from the watch and the leader's status. A failed wait leaves no status
// to decode; it is recorded rather than reported as an unknown end (pid stays set).
void record_end(const WatchOutcome& outcome, const char* watch_call, bp::child& child,
                const std::error_code& wait_error, RunResult& result) {
  result.timed_out = outcome.end == WatchOutcome::End::kDeadline;
  if (!wait_error) {
    decode_status(child.native_exit_code(), result);
  }
  if (outcome.end == WatchOutcome::End::kPollFailed) {
    result.spawn_error = system_error_text(watch_call, outcome.error);
  } else if (wait_error) {
    result.spawn_error = "the grader lost track of it: waiting for PID " +
                         std::to_string(result.pid) + " failed: " + errno_text(wait_error.value());
  }
}

}  // namespace

ProcessRunner::ProcessRunner() { (void)become_child_subreaper(); }  // best effort, see header

RunResult ProcessRunner::run(const Command& command) {
  RunResult result;
  auto launch = prepare_launch(command);
  if (!launch) {
    result.spawn_error = launch.error();
    return result;
  }
  const Clock::time_point start = Clock::now();
  auto spawned = start_child(*launch, command);
  if (!spawned) {
    result.spawn_error = spawned.error();
    return result;
  }
  bp::child& child = *spawned;
  const pid_t pgid = child.id();  // the child made itself leader of a group of its own number
  result.pid = pgid;

  OutputCollector output(std::move(launch->out.parent_end), std::move(launch->err.parent_end),
                         result.out, result.err, command.output_limit);
  const Fd pidfd(open_pidfd(pgid));
  const WatchOutcome outcome =
      pidfd ? watch(pidfd.get(), output, start + command.wall_limit) : watch_failed(errno);
  const std::error_code wait_error = end_group(child, pgid);
  // Everything the group wrote before it died is in the buffers now; nobody writes any more.
  output.drain();

  record_end(outcome, pidfd ? "ppoll" : "pidfd_open", child, wait_error, result);
  result.output_limit_hit = output.limit_hit() && !result.timed_out;
  result.wall_seconds = std::chrono::duration<double>(outcome.ended_at - start).count();
  return result;
}

}  // namespace grade::run
