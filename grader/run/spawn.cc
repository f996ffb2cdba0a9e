#include "run/spawn.h"

#include <cerrno>
#include <exception>
#include <string>
#include <system_error>
#include <vector>

#include <boost/process/child.hpp>
#include <boost/process/error.hpp>
#include <boost/process/extend.hpp>
#include <signal.h>  // NOLINT: sigaction is not in <csignal>
#include <unistd.h>

#include "isolate/child_restrictions.h"
#include "util/errno_text.h"
#include "util/fd.h"

namespace grade::run {
namespace {

namespace bp = boost::process;

// execve() wants null-terminated char* arrays; these point into the Command, which outlives
// the spawn. execve does not write through them, so the const_cast is harmless.
std::vector<char*> to_exec_array(const std::vector<std::string>& strings) {
  std::vector<char*> array;
  array.reserve(strings.size() + 1);
  for (const std::string& s : strings) {
    array.push_back(const_cast<char*>(s.c_str()));
  }
  array.push_back(nullptr);
  return array;
}

// Sets what Boost passes to execve. Our own handler rather than bp::exe/bp::args/bp::env:
// argv[0] stays as the caller gave it (bp::exe would replace it with the path) and the
// environment is passed exactly, duplicates and all.
class ExecImage : public bp::extend::handler {
 public:
  ExecImage(const std::filesystem::path& exe, const Command& command)
      : exe_(exe.string()), argv_(to_exec_array(command.argv)), envp_(to_exec_array(command.env)) {}

  template <class Executor>
  void on_setup(Executor& exec) {
    exec.exe = exe_.c_str();
    exec.cmd_line = argv_.data();
    exec.env = envp_.data();
  }

 private:
  std::string exe_;
  std::vector<char*> argv_;
  std::vector<char*> envp_;
};

// Runs in the forked child before execve, so only async-signal-safe calls (the grader may
// have other threads). On failure it says why on the child's stderr and exits with 127, the
// shell's "could not run" status. Boost's own error channel is switched off (ignore_error):
// it would make the parent wait for the exec, which now waits for the tracer in the parent.
class ChildSetup : public bp::extend::handler {
 public:
  ChildSetup(const ChildStdio& stdio, const Command& command, const ChildGate& gate)
      : stdio_(stdio),
        cwd_(command.cwd.string()),
        restrictions_(command.restrictions),
        gate_(gate) {}

  template <class Executor>
  void on_exec_setup(Executor& /*exec*/) const {
    // stdio first, so that a later failure is reported into the captured stderr.
    if (::dup2(stdio_.in, STDIN_FILENO) == -1 || ::dup2(stdio_.out, STDOUT_FILENO) == -1 ||
        ::dup2(stdio_.err, STDERR_FILENO) == -1) {
      fail("dup2");
    }
    // Own session, hence own group: the whole run can be killed with one kill(-pgid), and
    // the grader's controlling terminal is not the program's: it cannot open /dev/tty to
    // write on the operator's screen or push keystrokes into their shell (TIOCSTI).
    if (::setsid() == -1) {
      fail("setsid");
    }
    // Ignored signals and the signal mask survive exec; the program should not inherit
    // whatever the grader was started with (e.g. SIGINT ignored by nohup, SIGPIPE ignored).
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; ++sig) {
      if (sig != SIGKILL && sig != SIGSTOP) {
        (void)::sigaction(sig, &default_action, nullptr);  // EINVAL for glibc-reserved ones
      }
    }
    sigset_t none;
    if (::sigemptyset(&none) == -1) {
      fail("sigemptyset");
    }
    // In the forked child: single-threaded, and sigprocmask is async-signal-safe.
    // NOLINTNEXTLINE(concurrency-mt-unsafe)
    if (::sigprocmask(SIG_SETMASK, &none, nullptr) == -1) {
      fail("sigprocmask");
    }
    if (!cwd_.empty() && ::chdir(cwd_.c_str()) == -1) {
      fail("chdir to the working directory");
    }
    // Any fd of the grader still open without close-on-exec (another thread's, a library's)
    // is closed by the exec. Boost's error pipe is close-on-exec already and still works.
    if (::close_range(STDERR_FILENO + 1, ~0U, CLOSE_RANGE_CLOEXEC) == -1) {
      fail("close_range");
    }
    // Limits, network and user last: the steps above may need the grader's privileges.
    if (const char* step = isolate::apply_in_child(restrictions_); step != nullptr) {
      fail(step);
    }
    wait_at_gate();  // last: once through, the tracer (if any) sees everything the child does
  }

  // The errno in one write (atomic on a pipe), for StartGate::exec_error(); nothing on stderr,
  // the grader reports it.
  template <class Executor>
  void on_exec_error(Executor& /*exec*/, const std::error_code& error) const {
    tell_grader(error.value(), "");
    ::_exit(127);
  }

  template <class Executor>
  void on_fork_error(Executor& /*exec*/, const std::error_code& error) {
    fork_error_ = error.value();
  }

  int fork_error() const { return fork_error_; }

 private:
  // The record for StartGate::exec_error(): a run that never started is the grader's failure,
  // never the program's exit status 127.
  void tell_grader(int error, const char* step) const {
    ChildFailure failure;
    failure.error = error;
    for (std::size_t i = 0; step[i] != '\0' && i + 1 < sizeof failure.step; ++i) {
      failure.step[i] = step[i];
    }
    (void)!::write(gate_.exec_error, &failure, sizeof failure);  // nobody to tell if this fails
  }

  [[noreturn]] void fail(const char* what) const {
    const int error = errno;
    tell_grader(error, what);
    const char* prefix = "grade: could not prepare the program: ";
    // errno_text() itself would allocate, which the child must not; its parts do not.
    const char* reason = errno_description(error);
    const char* name = errno_name(error);
    write_all(prefix);
    write_all(what);
    write_all(": ");
    write_all(reason != nullptr ? reason : "unknown error");
    if (name != nullptr) {
      write_all(" (");
      write_all(name);
      write_all(")");
    }
    write_all("\n");
    ::_exit(127);  // in the forked child: no atexit handlers, no stdio flush of the grader's
  }

  void wait_at_gate() const {
    // Our copy of the grader's end must go, or the read below could never see end of file.
    if (::close(gate_.parent_go) == -1) {
      fail("close");
    }
    char go = 0;
    for (;;) {
      const ssize_t got = ::read(gate_.go, &go, 1);
      if (got == 1) {
        return;
      }
      if (got == 0) {
        ::_exit(127);  // the grader gave up on this run before letting it start
      }
      if (errno != EINTR) {
        fail("waiting for the grader");
      }
    }
  }

  static void write_all(const char* text) {
    // Best effort: if stderr is broken there is nobody to tell.
    (void)grade::write_all(STDERR_FILENO, text);
  }

  ChildStdio stdio_;
  std::string cwd_;
  isolate::Restrictions restrictions_;
  ChildGate gate_;
  int fork_error_ = 0;
};

}  // namespace

Expected<pid_t> spawn(const std::filesystem::path& exe, const Command& command,
                      const ChildStdio& stdio, const ChildGate& gate) {
  ExecImage image(exe, command);
  ChildSetup setup(stdio, command, gate);
  pid_t pid = -1;
  try {
    bp::child child(image, setup, bp::ignore_error);
    pid = child.id();
    // Our caller waits for the child (the tracer must, and must be the only one): without
    // detach, the destructor would wait for it, or kill it.
    child.detach();
  } catch (const std::exception& e) {
    return unexpected(exe.string() + ": " + e.what());  // allocation failures and the like
  }
  if (pid <= 0) {
    return unexpected(exe.string() + ": fork failed: " + errno_text(setup.fork_error()));
  }
  // No setpgid(pid, pid) here, though the group does not exist until the child's setsid: it
  // would make the child a group leader, and setsid would then fail. Until then a kill of
  // the group finds nothing, and the kill by PID reaches the child.
  return pid;
}

}  // namespace grade::run
