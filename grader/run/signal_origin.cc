#include "run/signal_origin.h"

#include <fstream>

#include <fmt/format.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "run/run_result.h"

namespace grade::run {
namespace {

int as_int(std::uint64_t value) { return static_cast<int>(static_cast<std::int64_t>(value)); }

std::uint64_t key(int signal, pid_t pid) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(signal)) << 32U) |
         static_cast<std::uint32_t>(pid);
}

std::size_t slot(int signal) {
  return signal > 0 && static_cast<std::size_t>(signal) < 65 ? static_cast<std::size_t>(signal) : 0;
}

}  // namespace

std::string describe(const OutsideSignal& outside) {
  const std::string name = signal_name(outside.signal);
  if (!outside.sender_pid) {
    return fmt::format(
        "{} from outside the run reached PID {} (the kernel does not say who sends {}; no "
        "process of the run, no limit and not the grader did)",
        name, outside.target_pid, name);
  }
  if (*outside.sender_pid == 0) {
    return fmt::format("{} from a process outside the run's PID namespace reached PID {}", name,
                       outside.target_pid);
  }
  std::string details = outside.sender_name;
  if (outside.sender_uid) {
    details += fmt::format("{}uid {}", details.empty() ? "" : ", ", *outside.sender_uid);
  }
  return fmt::format("{} from PID {}{}, a process outside the run, reached PID {}", name,
                     *outside.sender_pid, details.empty() ? "" : " (" + details + ")",
                     outside.target_pid);
}

std::optional<SignalSend> decode_signal_send(long syscall_nr,
                                             const std::array<std::uint64_t, 6>& args) {
  SignalSend send;
  switch (syscall_nr) {
    case SYS_kill: {
      const int pid = as_int(args[0]);
      send.signal = as_int(args[1]);
      send.target = pid > 0 ? pid : 0;  // 0, -1 and -pgid reach a group or everyone
      break;
    }
    case SYS_tkill:
      send.signal = as_int(args[1]);
      send.target = as_int(args[0]);
      send.target_is_thread = true;
      break;
    case SYS_tgkill:
      send.signal = as_int(args[2]);
      send.target = as_int(args[0]);
      break;
    case SYS_rt_sigqueueinfo:
      send.signal = as_int(args[1]);
      send.target = as_int(args[0]);
      break;
    case SYS_rt_tgsigqueueinfo:
      send.signal = as_int(args[2]);
      send.target = as_int(args[0]);
      break;
    case SYS_pidfd_send_signal:
      send.signal = as_int(args[1]);
      send.target = 0;  // resolving the pidfd would take /proc/<tid>/fdinfo: any process
      break;
    case SYS_prctl:
      if (args[0] != PR_SET_PDEATHSIG) {
        return std::nullopt;
      }
      send.signal = as_int(args[1]);
      send.target_is_caller = true;
      break;
    default:
      return std::nullopt;
  }
  if (send.signal == 0) {
    return std::nullopt;
  }
  if (send.target < 0) {
    send.target = 0;
  }
  return send;
}

bool sent_by_a_process(const siginfo_t& info) {
  return info.si_code == SI_USER || info.si_code == SI_QUEUE || info.si_code == SI_TKILL;
}

void SentSignals::note(int signal, pid_t target_pid) {
  if (target_pid <= 0 || targeted_.size() >= kMaxTargets) {
    to_anyone_[slot(signal)] = true;
    return;
  }
  targeted_.insert(key(signal, target_pid));
}

bool SentSignals::may_have_sent(int signal, pid_t pid) const {
  return to_anyone_[slot(signal)] || targeted_.contains(key(signal, pid));
}

void SentSignals::note_sender(pid_t pid) {
  if (senders_.size() < kMaxSenders) {
    senders_.insert(pid);
  }
}

std::optional<std::uint64_t> oom_kills_so_far() {
  std::ifstream vmstat("/proc/vmstat");
  std::string name;
  std::uint64_t value = 0;
  while (vmstat >> name >> value) {
    if (name == "oom_kill") {
      return value;
    }
  }
  return std::nullopt;
}

std::string command_name(pid_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  std::getline(file, name);
  // Any process may name itself anything (prctl PR_SET_NAME): no escape reaches a report.
  for (char& c : name) {
    if (c < 0x20 || c > 0x7e) {
      c = '?';
    }
  }
  return name;
}

}  // namespace grade::run
