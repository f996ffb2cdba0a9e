// The password and group databases, read thread-safely (getpwnam_r, getpwuid_r, getgrgid_r
// with a buffer grown until the entry fits).
#pragma once

#include <optional>
#include <string>

#include <sys/types.h>

#include "util/expected.h"

namespace grade {

// What the password database says of one user.
struct UserEntry {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;  // the user's primary group

  bool operator==(const UserEntry&) const = default;
};

// The entry of a user, nullopt when there is none; an error ("cannot read the password
// database: ...") when the database cannot be read.
Expected<std::optional<UserEntry>> find_user(uid_t uid);
Expected<std::optional<UserEntry>> find_user(const std::string& name);

// Whether the group database has a group `gid`; an error ("cannot read the group database:
// ...") when it cannot be read.
Expected<bool> group_exists(gid_t gid);

}  // namespace grade
