#include "run/task_standing.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

#include <sys/syscall.h>
#include <unistd.h>

namespace grade::run {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// "202 0x7f.. 0x80 ..." -> {202, 0x7f.., 0x80, ...}: the number, then the arguments.
std::vector<std::uint64_t> fields_of(std::string_view line) {
  std::vector<std::uint64_t> out;
  std::istringstream in{std::string(line)};
  std::string word;
  while (in >> word) {
    const bool hex = word.starts_with("0x");
    std::uint64_t value = 0;
    const char* begin = word.data() + (hex ? 2 : 0);
    if (std::from_chars(begin, word.data() + word.size(), value, hex ? 16 : 10).ec != std::errc()) {
      break;
    }
    out.push_back(value);
  }
  return out;
}

bool one_of(long nr, std::initializer_list<long> calls) {
  return std::find(calls.begin(), calls.end(), nr) != calls.end();
}

// Calls some machines lack (aarch64 has only ppoll, pselect6, epoll_pwait): a number no
// call has stands for them there.
#ifdef SYS_poll
constexpr long kPoll = SYS_poll;
#else
constexpr long kPoll = -1000;
#endif
#ifdef SYS_select
constexpr long kSelect = SYS_select;
#else
constexpr long kSelect = -1000;
#endif
#ifdef SYS_pause
constexpr long kPause = SYS_pause;
#else
constexpr long kPause = -1000;
#endif
#ifdef SYS_epoll_wait
constexpr long kEpollWait = SYS_epoll_wait;
#else
constexpr long kEpollWait = -1000;
#endif

Standing reading(std::uint64_t fd, const std::function<std::string(int fd)>& fd_target) {
  if (fd == 0) {
    return Standing::kReadingStdin;
  }
  const std::string target = fd_target(static_cast<int>(fd));
  return target.starts_with("pipe:") || target.starts_with("socket:") ? Standing::kWaitingOnPipe
                                                                      : Standing::kOther;
}

Standing in_call(long nr, const std::vector<std::uint64_t>& f,
                 const std::function<std::string(int fd)>& fd_target) {
  const std::uint64_t first = f.size() > 1 ? f[1] : 0;
  if (one_of(nr, {SYS_read, SYS_readv, SYS_pread64, SYS_recvfrom, SYS_recvmsg})) {
    return reading(first, fd_target);
  }
  if (one_of(nr, {SYS_wait4, SYS_waitid})) {
    return Standing::kWaitingForChild;
  }
  if (nr == SYS_futex) {
    return Standing::kWaitingOnLock;
  }
  if (one_of(nr, {SYS_nanosleep, SYS_clock_nanosleep, kPause})) {
    return Standing::kSleeping;
  }
  if (one_of(nr, {kPoll, SYS_ppoll})) {  // (fds, nfds, ...): none is a sleep
    const std::uint64_t count = f.size() > 2 ? f[2] : 1;
    return count == 0 ? Standing::kSleeping : Standing::kWaitingOnPipe;
  }
  if (one_of(nr, {kSelect, SYS_pselect6})) {  // (nfds, ...)
    return first == 0 ? Standing::kSleeping : Standing::kWaitingOnPipe;
  }
  if (one_of(nr, {kEpollWait, SYS_epoll_pwait})) {
    return Standing::kWaitingOnPipe;
  }
  return Standing::kOther;
}

}  // namespace

std::string_view standing_name(Standing standing) {
  switch (standing) {
    case Standing::kComputing:
      return "computing";
    case Standing::kReadingStdin:
      return "reading_stdin";
    case Standing::kWaitingForChild:
      return "waiting_for_child";
    case Standing::kWaitingOnLock:
      return "waiting_on_lock";
    case Standing::kSleeping:
      return "sleeping";
    case Standing::kWaitingOnPipe:
      return "waiting_on_pipe";
    case Standing::kStopped:
      return "stopped";
    case Standing::kOther:
      break;
  }
  return "other";
}

Standing classify_standing(char state, std::string_view syscall_line,
                           const std::function<std::string(int fd)>& fd_target) {
  if (state == 'T') {
    return Standing::kStopped;
  }
  if (state == 'R' || syscall_line.starts_with("running")) {
    return Standing::kComputing;
  }
  const std::vector<std::uint64_t> f = fields_of(syscall_line);
  if (syscall_line.starts_with("-1") || f.empty()) {
    return Standing::kOther;  // blocked outside a system call (a page fault), or unreadable
  }
  return in_call(static_cast<long>(f[0]), f, fd_target);
}

std::optional<Standing> read_standing(pid_t pid, pid_t tid) {
  const std::string task = "/proc/" + std::to_string(pid) + "/task/" + std::to_string(tid);
  const std::string stat = read_text(task + "/stat");
  // "tid (comm) S ...": the state follows the last ')', since comm may hold one.
  const auto paren = stat.rfind(')');
  if (paren == std::string::npos || paren + 2 >= stat.size()) {
    return std::nullopt;
  }
  const char state = stat[paren + 2];
  const std::string syscall = read_text(task + "/syscall");
  return classify_standing(state, syscall, [pid](int fd) {
    std::array<char, 128> link{};
    const std::string path = "/proc/" + std::to_string(pid) + "/fd/" + std::to_string(fd);
    const ssize_t n = ::readlink(path.c_str(), link.data(), link.size() - 1);
    return n > 0 ? std::string(link.data(), static_cast<std::size_t>(n)) : std::string();
  });
}

std::optional<long> read_syscall_number(pid_t tid) {
  const std::string line = read_text("/proc/" + std::to_string(tid) + "/syscall");
  if (line.starts_with("-1")) {
    return -1;
  }
  const std::vector<std::uint64_t> f = fields_of(line);
  if (f.empty()) {
    return std::nullopt;
  }
  return static_cast<long>(f[0]);
}

}  // namespace grade::run
