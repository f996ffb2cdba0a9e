#include "util/accounts.h"

#include <cerrno>
#include <cstddef>
#include <utility>
#include <vector>

#include <grp.h>
#include <pwd.h>

#include "util/errno_text.h"

namespace grade {
namespace {

// Calls `lookup(entry, buffer, size, found)` (a getpwnam_r-style function) with a buffer grown
// until the entry fits, up to 1 MiB; then `convert(*found)`, or nullopt when there is no entry.
template <typename Entry, typename Lookup, typename Convert>
auto read_entry(const char* database, Lookup lookup, Convert convert)
    -> Expected<std::optional<decltype(convert(std::declval<const Entry&>()))>> {
  using Result = std::optional<decltype(convert(std::declval<const Entry&>()))>;
  std::vector<char> buffer(4096);
  for (;;) {
    Entry entry{};
    Entry* found = nullptr;
    const int error = lookup(&entry, buffer.data(), buffer.size(), &found);
    if (error == ERANGE && buffer.size() < (std::size_t{1} << 20)) {
      buffer.resize(buffer.size() * 2);
      continue;
    }
    if (error != 0) {
      return unexpected(std::string("cannot read the ") + database +
                        " database: " + errno_text(error));
    }
    if (found == nullptr) {
      return Result();
    }
    return Result(convert(*found));
  }
}

UserEntry user_entry(const passwd& entry) { return {entry.pw_name, entry.pw_uid, entry.pw_gid}; }

}  // namespace

Expected<std::optional<UserEntry>> find_user(uid_t uid) {
  return read_entry<passwd>(
      "password",
      [uid](passwd* e, char* b, std::size_t n, passwd** r) {
        return ::getpwuid_r(uid, e, b, n, r);
      },
      user_entry);
}

Expected<std::optional<UserEntry>> find_user(const std::string& name) {
  return read_entry<passwd>(
      "password",
      [&name](passwd* e, char* b, std::size_t n, passwd** r) {
        return ::getpwnam_r(name.c_str(), e, b, n, r);
      },
      user_entry);
}

Expected<bool> group_exists(gid_t gid) {
  auto found = read_entry<struct group>(
      "group",
      [gid](struct group* e, char* b, std::size_t n, struct group** r) {
        return ::getgrgid_r(gid, e, b, n, r);
      },
      [](const struct group& /*entry*/) { return true; });
  if (!found) {
    return unexpected(found.error());
  }
  return found->has_value();
}

}  // namespace grade
