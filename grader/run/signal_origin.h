// Where a signal that reached a run came from. The run's verdict blames the program for a
// signal that ended it only when the program (or the kernel, on its behalf: a crash, a
// limit) sent it; a signal sent by a process outside the run (an operator's kill, a
// scheduler, another grader) is the grader's problem, not the student's.
//
// The kernel tells the tracer the sender of every signal but one: a signal-delivery-stop
// comes with the siginfo (si_code, si_pid, si_uid). SIGKILL is never stopped for, so who sent
// it is learnt by elimination: the tracer sees every signal the run's own tasks send (a seccomp
// rule stops each kill-family system call for the tracer), knows when the grader kills, and
// the kernel's own SIGKILLs (RLIMIT_CPU's hard limit, the OOM killer) leave traces of their
// own. A SIGKILL explained by none of these came from outside.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>

#include <signal.h>  // NOLINT: siginfo_t is not in <csignal>
#include <sys/types.h>

namespace grade::run {

// A signal from outside the run that reached one of its processes.
struct OutsideSignal {
  int signal = 0;
  int target_pid = 0;             // the process of the run it reached
  std::optional<int> sender_pid;  // unset when the kernel does not say (SIGKILL)
  std::optional<int> sender_uid;
  std::string sender_name;  // the sender's command name (/proc/<pid>/comm); empty if unknown

  bool operator==(const OutsideSignal&) const = default;
};

// "SIGTERM from PID 4242 (sleep, uid 1000), a process outside the run, reached PID 4100" or,
// for SIGKILL, "... from outside the run (the kernel does not say who sends SIGKILL) ...".
std::string describe(const OutsideSignal& outside);

// One signal a task of the run sends, from the arguments of its system call.
struct SignalSend {
  int signal = 0;
  // The process or thread it is sent to; 0 when it may reach more than one process of the
  // run (a process group, every process, a pidfd the tracer does not resolve).
  pid_t target = 0;
  bool target_is_thread = false;  // tkill: `target` is a thread id
  // prctl(PR_SET_PDEATHSIG): the kernel sends `signal` to the caller when its parent dies.
  bool target_is_caller = false;
};

// The send a kill-family system call makes (kill, tkill, tgkill, rt_sigqueueinfo,
// rt_tgsigqueueinfo, pidfd_send_signal; and prctl(PR_SET_PDEATHSIG), a signal the kernel
// sends for the caller), by native system call number; nullopt for another call, or signal 0
// (which only checks that the target exists).
std::optional<SignalSend> decode_signal_send(long syscall_nr,
                                             const std::array<std::uint64_t, 6>& args);

// Whether a signal was sent by a process through kill() and its kin (SI_USER, SI_QUEUE,
// SI_TKILL), so that si_pid names the sender; otherwise the kernel generated it (a fault, a
// child's end, a timer, the terminal).
bool sent_by_a_process(const siginfo_t& info);

// The signals the run's own tasks sent, to tell them from signals sent from outside. Bounded:
// past kMaxTargets distinct (signal, process) pairs, a signal counts as sent to every process.
class SentSignals {
 public:
  // Past this many, no more senders are remembered (see note_sender()).
  static constexpr std::size_t kMaxSenders = 1U << 18;
  static constexpr std::size_t kMaxTargets = 4096;

  // `target_pid`: the process it was sent to; 0: any process of the run.
  void note(int signal, pid_t target_pid);
  // Could a task of the run have sent `signal` to process `pid`?
  bool may_have_sent(int signal, pid_t pid) const;

  // Process `pid` is (or was) one of the run's: a signal whose siginfo names it as the sender
  // is the run's, even once it has exited (a parent-death signal comes from a parent that is
  // exiting). A PID reused since by a process outside the run is blamed on the run: the old
  // answer, never a false "outside".
  void note_sender(pid_t pid);
  bool is_sender(pid_t pid) const { return senders_.contains(pid); }

 private:
  static constexpr std::size_t kSignals = 65;  // 1..64, and 0 for anything out of range
  std::array<bool, kSignals> to_anyone_{};
  std::unordered_set<std::uint64_t> targeted_;  // signal << 32 | pid
  std::unordered_set<pid_t> senders_;
};

// How many processes the OOM killer has killed since boot, machine-wide (/proc/vmstat
// oom_kill; memory cgroups' kills included); nullopt if unreadable. A SIGKILL nobody sent
// while this count grew is the OOM killer's. Where a run gets a memory cgroup of its own, its
// memory.events oom_kill is the precise source and can take this one's place.
std::optional<std::uint64_t> oom_kills_so_far();

// The command name of process `pid` (/proc/<pid>/comm), printable ASCII only (anything else
// is '?'), empty if it cannot be read.
std::string command_name(pid_t pid);

}  // namespace grade::run
