#include "util/proc_info.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <string>
#include <string_view>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/errno_text.h"
#include "util/fd.h"

namespace grade {
namespace {

// Reads a small /proc file with one read(): the kernel generates it whole.
Expected<std::string> read_small_file(const std::string& path) {
  const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    return unexpected(path + ": " + errno_text(errno));
  }
  std::array<char, 1024> buffer{};
  ssize_t got = 0;
  do {
    got = ::read(fd.get(), buffer.data(), buffer.size());
  } while (got == -1 && errno == EINTR);
  if (got <= 0) {
    return unexpected(path + ": " + (got == 0 ? std::string("empty") : errno_text(errno)));
  }
  return std::string(buffer.data(), static_cast<std::size_t>(got));
}

// /proc/<tid>/task/<tid>/<name>: a file of that one thread, which /proc/<tid>/<name> is not
// for every file (stat and schedstat there add up the whole process's).
std::string task_file(pid_t tid, std::string_view name) {
  const std::string id = std::to_string(tid);
  return "/proc/" + id + "/task/" + id + "/" + std::string(name);
}

// What follows "<key>:" on its line of a status file, leading blanks skipped; empty if the
// line is missing.
std::string_view value_of(std::string_view text, std::string_view key) {
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view line = text.substr(at, end - at);
    if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ':') {
      std::string_view value = line.substr(key.size() + 1);
      while (!value.empty() && (value.front() == '\t' || value.front() == ' ')) {
        value.remove_prefix(1);
      }
      return value;
    }
    at = end + 1;
  }
  return {};
}

// The number after "<key>:\t" in a status file; 0 if the line is missing.
pid_t field(std::string_view text, std::string_view key) {
  const std::string_view value = value_of(text, key);
  pid_t number = 0;
  (void)std::from_chars(value.data(), value.data() + value.size(), number);
  return number;
}

}  // namespace

Expected<TaskIds> read_task_ids(pid_t tid) {
  // Tgid and PPid are on the first lines, well within one read.
  const std::string path = "/proc/" + std::to_string(tid) + "/status";
  const auto text = read_small_file(path);
  if (!text) {
    return unexpected(text.error());
  }
  const TaskIds ids{field(*text, "Tgid"), field(*text, "PPid")};
  if (ids.tgid <= 0) {
    return unexpected(path + ": no Tgid line");
  }
  return ids;
}

Expected<unsigned long long> read_start_ticks(pid_t pid) {
  const std::string path = "/proc/" + std::to_string(pid) + "/stat";
  const auto text = read_small_file(path);
  if (!text) {
    return unexpected(text.error());
  }
  // "pid (comm) state ppid ...": comm may hold spaces and ')', so count from the last ')'.
  // Field 22 is the 20th after it.
  std::size_t at = text->rfind(')');
  for (int field_number = 2; at != std::string::npos && field_number < 22; ++field_number) {
    at = text->find(' ', at + 1);
  }
  unsigned long long ticks = 0;
  if (at == std::string::npos ||
      std::from_chars(text->data() + at + 1, text->data() + text->size(), ticks).ec !=
          std::errc{}) {
    return unexpected(path + ": no start time");
  }
  return ticks;
}

Expected<ProcessUids> read_process_uids(pid_t pid) {
  // State and Uid are on the first ten lines, well within one read.
  const std::string path = "/proc/" + std::to_string(pid) + "/status";
  const auto text = read_small_file(path);
  if (!text) {
    return unexpected(text.error());
  }
  const std::string_view state = value_of(*text, "State");
  std::string_view uids = value_of(*text, "Uid");
  std::array<uid_t, 3> ids{};
  for (uid_t& id : ids) {
    const auto [end, error] = std::from_chars(uids.data(), uids.data() + uids.size(), id);
    if (error != std::errc{} || state.empty()) {
      return unexpected(path + ": no State or Uid line");
    }
    uids.remove_prefix(static_cast<std::size_t>(end - uids.data()));
    while (!uids.empty() && (uids.front() == '\t' || uids.front() == ' ')) {
      uids.remove_prefix(1);
    }
  }
  return ProcessUids{ids[0], ids[1], ids[2], state.front() == 'Z'};
}

Expected<std::string> read_program(pid_t pid) {
  const std::string path = "/proc/" + std::to_string(pid) + "/exe";
  std::array<char, 4096> buffer{};
  const ssize_t got = ::readlink(path.c_str(), buffer.data(), buffer.size());
  if (got == -1) {
    return unexpected(path + ": " + errno_text(errno));
  }
  return std::string(buffer.data(), static_cast<std::size_t>(got));
}

Expected<std::string> read_command_line(pid_t pid, std::size_t max_bytes) {
  auto text = read_small_file("/proc/" + std::to_string(pid) + "/cmdline");
  if (!text) {
    return unexpected(text.error());
  }
  std::string line = std::move(*text);
  while (!line.empty() && line.back() == '\0') {
    line.pop_back();
  }
  std::replace(line.begin(), line.end(), '\0', ' ');
  if (line.size() > max_bytes) {
    line.resize(max_bytes);
  }
  return line;
}

Expected<std::string> read_task_name(pid_t tid) {
  auto text = read_small_file(task_file(tid, "comm"));
  if (!text) {
    return unexpected(text.error());
  }
  if (text->back() == '\n') {
    text->pop_back();
  }
  return std::move(*text);
}

Expected<double> read_task_cpu_seconds(pid_t tid) {
  const std::string path = task_file(tid, "schedstat");
  auto text = read_small_file(path);
  if (!text) {
    return unexpected(text.error());
  }
  unsigned long long nanoseconds = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), nanoseconds);
  if (error != std::errc()) {
    return unexpected(path + ": not a number");
  }
  return static_cast<double>(nanoseconds) / 1e9;
}

Expected<FileIdentity> read_fd_identity(pid_t tid, int fd) {
  const std::string path = "/proc/" + std::to_string(tid) + "/fd/" + std::to_string(fd);
  struct stat info {};
  if (::stat(path.c_str(), &info) == -1) {
    return unexpected(path + ": " + errno_text(errno));
  }
  return FileIdentity{info.st_dev, info.st_ino};
}

Expected<FileIdentity> fd_identity(int fd) {
  struct stat info {};
  if (::fstat(fd, &info) == -1) {
    return unexpected("fstat: " + errno_text(errno));
  }
  return FileIdentity{info.st_dev, info.st_ino};
}

}  // namespace grade
