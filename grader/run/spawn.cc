#include "run/spawn.h"

#include <cerrno>
#include <cstring>
#include <exception>
#include <string>
#include <system_error>
#include <vector>

#include <boost/process/extend.hpp>
#include <signal.h>  // NOLINT: sigaction is not in <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include "util/errno_text.h"

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
// shell's "could not run" status; Boost's own error channel for this writes in pieces that
// its reader may see half of, so it is not used.
class ChildSetup : public bp::extend::handler {
 public:
  ChildSetup(const ChildStdio& stdio, const std::filesystem::path& cwd)
      : stdio_(stdio), cwd_(cwd.string()) {}

  template <class Executor>
  void on_exec_setup(Executor& /*exec*/) const {
    // stdio first, so that a later failure is reported into the captured stderr.
    if (::dup2(stdio_.in, STDIN_FILENO) == -1 || ::dup2(stdio_.out, STDOUT_FILENO) == -1 ||
        ::dup2(stdio_.err, STDERR_FILENO) == -1) {
      fail("dup2");
    }
    // Own group: the whole run, grandchildren included, can be killed with one kill(-pgid).
    if (::setpgid(0, 0) == -1) {
      fail("setpgid");
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
  }

  // Boost forgets a child whose exec failed (it never waits for it); reap it here.
  template <class Executor>
  void on_error(Executor& exec, const std::error_code& /*error*/) {
    failed_pid_ = exec.pid;
  }

  pid_t failed_pid() const { return failed_pid_; }

 private:
  [[noreturn]] static void fail(const char* what) {
    const int error = errno;
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

  static void write_all(const char* text) {
    // Best effort: if stderr is broken there is nobody to tell.
    (void)!::write(STDERR_FILENO, text, std::strlen(text));
  }

  ChildStdio stdio_;
  std::string cwd_;
  pid_t failed_pid_ = -1;
};

void reap(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) == -1 && errno == EINTR) {
  }
}

}  // namespace

Expected<bp::child> spawn(const std::filesystem::path& exe, const Command& command,
                          const ChildStdio& stdio) {
  ExecImage image(exe, command);
  ChildSetup setup(stdio, command.cwd);
  std::error_code error;
  try {
    bp::child child(image, setup, error);
    if (!error) {
      return child;
    }
  } catch (const std::exception& e) {
    // Boost reports through `error`; this is for allocation failures and the like.
    return unexpected(exe.string() + ": " + e.what());
  }
  if (setup.failed_pid() > 0) {
    reap(setup.failed_pid());
  }
  return unexpected(exe.string() + ": " + error.message());
}

}  // namespace grade::run
