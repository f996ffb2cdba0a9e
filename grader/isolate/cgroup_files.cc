#include "isolate/cgroup_files.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <fstream>
#include <sstream>
#include <utility>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include "util/errno_text.h"
#include "util/fd.h"

namespace grade::isolate {
namespace {

namespace fs = std::filesystem;

// mountinfo writes space, tab, newline and backslash in paths as \ooo.
std::string unescape(std::string_view field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size() && field[i + 1] >= '0' && field[i + 1] <= '3') {
      out += static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 +
                               (field[i + 3] - '0'));
      i += 3;
    } else {
      out += field[i];
    }
  }
  return out;
}

std::optional<std::uint64_t> to_number(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) {
      return parts;
    }
    start = end + 1;
  }
}

bool contains(const std::vector<std::string_view>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::vector<Mount> parse_mounts(std::string_view mountinfo) {
  std::vector<Mount> mounts;
  for (std::string_view line : split(mountinfo, '\n')) {
    std::vector<std::string_view> fields;
    for (std::string_view field : split(line, ' ')) {
      if (!field.empty()) {
        fields.push_back(field);
      }
    }
    const auto dash = std::find(fields.begin(), fields.end(), "-");
    if (fields.size() < 6 || dash == fields.end() || fields.end() - dash < 4) {
      continue;
    }
    const std::string_view type = *(dash + 1);
    if (type != "cgroup" && type != "cgroup2") {
      continue;
    }
    Mount mount{unescape(fields[3]), unescape(fields[4]), type == "cgroup2", {}};
    for (std::string_view option : split(*(dash + 3), ',')) {
      mount.options.emplace_back(option);
    }
    mounts.push_back(std::move(mount));
  }
  return mounts;
}

std::optional<fs::path> folder_of(const Mount& mount, const std::string& path,
                                  const fs::path& root) {
  if (path.starts_with("/..")) {
    return std::nullopt;  // outside the grader's cgroup namespace
  }
  std::string_view relative = path;
  if (mount.root != "/") {
    if (!(path == mount.root || path.starts_with(mount.root + "/"))) {
      return std::nullopt;
    }
    relative.remove_prefix(mount.root.size());
  }
  fs::path dir = root / mount.point.relative_path();
  if (const std::string_view rest =
          relative.substr(std::min(relative.find_first_not_of('/'), relative.size()));
      !rest.empty()) {
    dir /= rest;
  }
  return dir;
}

Expected<std::string> read_text(const fs::path& path) {
  std::ifstream in(path);
  if (!in) {
    return unexpected(fmt::format("cannot read {}: {}", path.string(), errno_text(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Expected<void> write_text(const fs::path& path, std::string_view text) {
  const Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd || ::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    return unexpected(
        fmt::format("cannot write '{}' to {}: {}", text, path.string(), errno_text(errno)));
  }
  return {};
}

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::string_view line : split(text, '\n')) {
    for (std::string_view word : split(line, ' ')) {
      if (!word.empty()) {
        out.push_back(word);
      }
    }
  }
  return out;
}

std::optional<std::uint64_t> keyed_value(const fs::path& file, std::string_view key) {
  auto text = read_text(file);
  if (!text) {
    return std::nullopt;
  }
  for (std::string_view line : split(*text, '\n')) {
    if (line.starts_with(key) && line.size() > key.size() && line[key.size()] == ' ') {
      return to_number(line.substr(key.size() + 1));
    }
  }
  return std::nullopt;
}

std::optional<std::uint64_t> number_in(const fs::path& file) {
  auto text = read_text(file);
  return text ? to_number(*text) : std::nullopt;
}

std::vector<pid_t> pids_in(const fs::path& dir) {
  std::vector<pid_t> pids;
  auto text = read_text(dir / "cgroup.procs");
  if (!text) {
    return pids;
  }
  for (std::string_view word : words(*text)) {
    if (auto pid = to_number(word); pid && *pid > 0) {
      pids.push_back(static_cast<pid_t>(*pid));
    }
  }
  return pids;
}

Expected<void> writable(const fs::path& dir) {
  if (::faccessat(AT_FDCWD, dir.c_str(), W_OK, AT_EACCESS) == -1) {
    return unexpected(fmt::format("cannot write to {}: {}", dir.string(), errno_text(errno)));
  }
  return {};
}

}  // namespace grade::isolate
