#include "isolate/run_as.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <deque>
#include <fstream>

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/accounts.h"
#include "util/errno_text.h"

namespace grade::isolate {
namespace {

namespace fs = std::filesystem;

// Symbolic links followed before giving up, as the kernel's own limit (ELOOP).
constexpr int kMaxLinks = 40;

std::optional<unsigned> parse_id(std::string_view text) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

bool is_script(const fs::path& file) {
  std::array<char, 2> start{};
  std::ifstream in(file, std::ios::binary);
  return in.read(start.data(), start.size()) && start[0] == '#' && start[1] == '!';
}

bool is_elf(const fs::path& file) {
  constexpr std::array<char, 4> kMagic = {'\x7f', 'E', 'L', 'F'};
  std::array<char, 4> start{};
  std::ifstream in(file, std::ios::binary);
  return in.read(start.data(), start.size()) && start == kMagic;
}

std::vector<fs::path> candidate_dirs(std::string_view search_path) {
  std::vector<fs::path> dirs;
  std::size_t begin = 0;
  while (begin <= search_path.size()) {
    const std::size_t end = std::min(search_path.find(':', begin), search_path.size());
    const fs::path dir(search_path.substr(begin, end - begin));
    if (dir.is_absolute()) {
      dirs.push_back(dir);
    }
    begin = end + 1;
  }
  for (const char* standard : {"/usr/local/bin", "/usr/bin"}) {
    dirs.emplace_back(standard);
  }
  return dirs;
}

}  // namespace

Expected<RunUser> find_run_user(std::string_view name_or_id) {
  const std::size_t colon = name_or_id.find(':');
  const auto uid = parse_id(name_or_id.substr(0, colon));
  if (colon != std::string_view::npos) {
    const auto gid = parse_id(name_or_id.substr(colon + 1));
    if (!uid || !gid) {
      return unexpected(
          fmt::format("'{}' is not a user: give a name, a uid or uid:gid", name_or_id));
    }
    return RunUser{fmt::format("uid {}", *uid), {*uid, *gid, {}}};
  }
  const Expected<std::optional<UserEntry>> found =
      uid ? find_user(uid_t{*uid}) : find_user(std::string(name_or_id));
  if (!found) {
    return unexpected(found.error());
  }
  if (!*found) {
    return unexpected(uid ? fmt::format("uid {} has no entry in the password database, so its "
                                        "group is unknown: give it as {}:GID",
                                        *uid, *uid)
                          : fmt::format("there is no user '{}' on this system", name_or_id));
  }
  const UserEntry& entry = **found;
  return RunUser{entry.name, {entry.uid, entry.gid, {}}};
}

bool permits(mode_t mode, uid_t owner, gid_t group, const Identity& who, unsigned access) {
  if (who.uid == 0) {
    // CAP_DAC_OVERRIDE: anything but executing a regular file nobody may execute.
    const bool executes_file = (access & kExecute) != 0 && !S_ISDIR(mode);
    return !executes_file || (mode & (S_IXUSR | S_IXGRP | S_IXOTH)) != 0;
  }
  unsigned bits = mode & 07;
  if (who.uid == owner) {
    bits = (mode >> 6) & 07;
  } else if (who.gid == group ||
             std::find(who.groups.begin(), who.groups.end(), group) != who.groups.end()) {
    bits = (mode >> 3) & 07;
  }
  return (bits & access) == access;
}

std::optional<std::string> why_not_runnable(const fs::path& exe, const Identity& who) {
  if (!exe.is_absolute()) {
    return fmt::format("{} is not an absolute path", exe.string());
  }
  std::deque<fs::path> pending(++exe.begin(), exe.end());
  fs::path at = "/";
  struct stat info {};
  int links = 0;
  while (!pending.empty()) {
    const fs::path part = pending.front();
    pending.pop_front();
    if (part.empty() || part == ".") {
      continue;
    }
    if (part == "..") {
      at = at.parent_path();
      continue;
    }
    // Looking a name up in `at` needs search permission on it.
    if (::stat(at.c_str(), &info) == -1) {
      return fmt::format("{}: {}", at.string(), errno_text(errno));
    }
    if (!permits(info.st_mode, info.st_uid, info.st_gid, who, kExecute)) {
      return fmt::format("{} is not searchable by it", at.string());
    }
    const fs::path next = at / part;
    if (::lstat(next.c_str(), &info) == -1) {
      return fmt::format("{}: {}", next.string(), errno_text(errno));
    }
    if (S_ISLNK(info.st_mode)) {
      if (++links > kMaxLinks) {
        return fmt::format("{}: too many symbolic links", exe.string());
      }
      std::error_code ec;
      const fs::path target = fs::read_symlink(next, ec);
      if (ec) {
        return fmt::format("{}: {}", next.string(), ec.message());
      }
      pending.insert(pending.begin(), target.begin(), target.end());
      if (target.is_absolute()) {
        pending.pop_front();  // the root name "/"
        at = "/";
      }
      continue;
    }
    if (!pending.empty()) {
      at = next;
      continue;
    }
    if (!S_ISREG(info.st_mode)) {
      return fmt::format("{} is not a file", next.string());
    }
    if (!permits(info.st_mode, info.st_uid, info.st_gid, who, kExecute)) {
      return fmt::format("{} is not executable by it", next.string());
    }
    if (is_script(next) && !permits(info.st_mode, info.st_uid, info.st_gid, who, kRead)) {
      return fmt::format("{} is a script it cannot read", next.string());
    }
    return std::nullopt;
  }
  return fmt::format("{} is not a file", exe.string());
}

Expected<InterpreterChoice> interpreter_for_user(const fs::path& resolved, std::string_view command,
                                                 const RunUser& user,
                                                 std::string_view search_path) {
  const std::optional<std::string> why = why_not_runnable(resolved, user.identity);
  if (!why) {
    return InterpreterChoice{resolved, {}};
  }
  const std::string problem = fmt::format("{} resolves to {}, which user {} cannot run ({})",
                                          command, resolved.string(), user.name, *why);
  for (const fs::path& dir : candidate_dirs(search_path)) {
    const fs::path candidate = dir / command;
    if (candidate != resolved && runnable_by(candidate, user.identity) && is_elf(candidate)) {
      return InterpreterChoice{candidate,
                               fmt::format("{}; {} is used instead.", problem, candidate.string())};
    }
  }
  return unexpected(fmt::format(
      "{}, and no other {} on PATH or in /usr/local/bin or /usr/bin can; install {} "
      "system-wide, make that folder searchable by {}, choose another user with --run-as, or "
      "run the grader as a normal user",
      problem, command, command, user.name));
}

}  // namespace grade::isolate
