#include "batch/roster.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <re2/re2.h>

#include "report/safe_text.h"
#include "util/sha256.h"

namespace grade::batch {

namespace {

Expected<int> parse_count(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return unexpected(fmt::format("'{}' is not a whole number", text));
  }
  return value;
}

}  // namespace

Expected<Shard> Shard::parse(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    return unexpected(fmt::format("--shard wants K/N, such as 1/4, not '{}'", text));
  }
  auto index = parse_count(text.substr(0, slash));
  auto count = parse_count(text.substr(slash + 1));
  if (!index || !count || *count == 0) {
    return unexpected(
        fmt::format("--shard wants K/N with whole numbers 1 <= K <= N, not '{}'", text));
  }
  if (*index < 1 || *index > *count) {
    return unexpected(
        fmt::format("--shard {}: K must be between 1 and N (shards are numbered from 1)", text));
  }
  return Shard{*index, *count};
}

bool Shard::contains(std::string_view student_id) const {
  if (count == 1) {
    return true;
  }
  // The first 8 bytes of SHA-256: the same on every machine and compiler, unlike std::hash.
  const std::string digest = sha256_hex(student_id);
  std::uint64_t h = 0;
  std::from_chars(digest.data(), digest.data() + 16, h, 16);
  return static_cast<int>(h % static_cast<std::uint64_t>(count)) == index - 1;
}

std::string Shard::text() const { return fmt::format("{}/{}", index, count); }

Expected<Roster> read_roster(const std::filesystem::path& class_dir, const RosterOptions& options) {
  std::optional<RE2> pattern;
  if (!options.id_pattern.empty()) {
    pattern.emplace(options.id_pattern, RE2::Quiet);
    if (!pattern->ok()) {
      return unexpected(fmt::format("--id-pattern '{}': {}", options.id_pattern, pattern->error()));
    }
    if (pattern->NumberOfCapturingGroups() != 1) {
      return unexpected(
          fmt::format("--id-pattern '{}' must have exactly one capture group: the student id",
                      options.id_pattern));
    }
  }
  std::error_code ec;
  std::filesystem::directory_iterator it(class_dir, ec);
  if (ec) {
    return unexpected(
        fmt::format("cannot read the class folder {}: {}", class_dir.string(), ec.message()));
  }
  Roster roster;
  std::map<std::string, std::string> folder_of;  // id -> folder name, to find clashes
  for (const std::filesystem::directory_entry& entry : it) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.front() == '.' || !entry.is_directory(ec)) {
      continue;
    }
    std::string id = name;
    if (pattern && !RE2::FullMatch(name, *pattern, &id)) {
      roster.skipped.push_back(name);
      continue;
    }
    if (id.empty()) {
      roster.skipped.push_back(name);
      continue;
    }
    if (auto [where, fresh] = folder_of.emplace(id, name); !fresh) {
      return unexpected(fmt::format("the folders '{}' and '{}' both name the student '{}'",
                                    report::one_line(where->second), report::one_line(name),
                                    report::one_line(id)));
    }
    if (options.shard.contains(id)) {
      roster.students.push_back({id, entry.path()});
    }
  }
  std::sort(roster.students.begin(), roster.students.end(),
            [](const StudentFolder& a, const StudentFolder& b) { return a.id < b.id; });
  std::sort(roster.skipped.begin(), roster.skipped.end());
  return roster;
}

}  // namespace grade::batch
