#include "run/process_runner.h"

#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "run/child_output.h"
#include "run/environment.h"
#include "run/output_collector.h"
#include "run/process_group.h"
#include "run/program_path.h"
#include "run/spawn.h"
#include "run/supervisor.h"

namespace grade::run {
namespace {

using Clock = std::chrono::steady_clock;

std::string system_error_text(const char* what, int error) {
  return std::string(what) + " failed: " + std::strerror(error);
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

// glibc 2.36's <sys/pidfd.h> lacks extern "C" (fixed in 2.37), so C++ cannot link its
// wrapper; the raw syscall is the portable spelling. Linux >= 5.3.
int open_pidfd(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0U)); }

void decode_status(int status, RunResult& result) {
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
}

}  // namespace

ProcessRunner::ProcessRunner() { (void)become_child_subreaper(); }  // best effort, see header

RunResult ProcessRunner::run(const Command& command) {
  RunResult result;
  if (command.argv.empty()) {
    result.spawn_error = "the command is empty";
    return result;
  }
  const auto path_value = find_variable(command.env, "PATH").value_or("");
  auto exe = resolve_program(command.argv.front(), path_value, command.cwd);
  if (!exe) {
    result.spawn_error = exe.error();
    return result;
  }
  if (auto cwd_ok = check_working_directory(command.cwd); !cwd_ok) {
    result.spawn_error = cwd_ok.error();
    return result;
  }
  auto stdin_fd = open_dev_null();
  auto out = command.stdout_is_terminal ? make_output_terminal() : make_output_pipe();
  auto err = make_output_pipe();
  if (!stdin_fd || !out || !err) {
    result.spawn_error = !stdin_fd ? stdin_fd.error() : !out ? out.error() : err.error();
    return result;
  }

  const Clock::time_point start = Clock::now();
  ChildStdio stdio{stdin_fd->get(), out->child_end.get(), err->child_end.get()};
  auto spawned = spawn(*exe, command, stdio);
  // Our copies must go at once: a pseudo-terminal reports end of file (EIO) and a pipe EOF
  // only when no process holds the child's end any more.
  stdin_fd->reset();
  out->child_end.reset();
  err->child_end.reset();
  if (!spawned) {
    result.spawn_error = spawned.error();
    return result;
  }
  boost::process::child& child = *spawned;
  const pid_t pgid = child.id();  // the child made itself leader of a group of its own number
  result.pid = pgid;

  OutputCollector output(std::move(out->parent_end), std::move(err->parent_end), result.out,
                         result.err, command.output_limit);
  const Fd pidfd(open_pidfd(pgid));
  WatchOutcome outcome;
  if (pidfd) {
    outcome = watch(pidfd.get(), output, start + command.wall_limit);
  } else {
    outcome.end = WatchOutcome::End::kPollFailed;
    outcome.error = errno;
    outcome.ended_at = Clock::now();
  }

  // The group dies before its leader is reaped: the leader, even as a zombie, keeps the group
  // number from being reused, so the kill cannot hit anybody else.
  kill_group(pgid);
  // Reaped through Boost so its child object knows: its destructor would otherwise try to
  // terminate a child it believes is still running.
  std::error_code wait_error;
  child.wait(wait_error);
  reap_group_members(pgid);
  // Everything the group wrote before it died is in the buffers now; nobody writes any more.
  output.drain();

  result.timed_out = outcome.end == WatchOutcome::End::kDeadline;
  result.output_limit_hit = output.limit_hit() && !result.timed_out;
  result.wall_seconds = std::chrono::duration<double>(outcome.ended_at - start).count();
  if (!wait_error) {
    decode_status(child.native_exit_code(), result);
  }
  if (outcome.end == WatchOutcome::End::kPollFailed) {
    result.spawn_error = system_error_text(pidfd ? "ppoll" : "pidfd_open", outcome.error);
  }
  return result;
}

}  // namespace grade::run
