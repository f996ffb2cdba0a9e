// A uid for one run alone, when the grader is root: taken from a range of uids no account
// uses, locked against every other grader on the machine for as long as the run lasts, and
// free of leftover processes. Because nothing else runs as it, the run cannot signal or trace
// another run (kill(-1), /proc/<pid>/mem), and everything it started can be found and killed
// by uid at the end (uid_sweep.h), traced or not.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <sys/types.h>

#include "util/expected.h"
#include "util/fd.h"

namespace grade::isolate {

struct UidRange {
  uid_t first = 0;
  uid_t last = 0;            // inclusive
  std::string text() const;  // "60500-60999"
};

// Above ordinary accounts (1000-59999) and below systemd's dynamic users (61184-65519); an id
// of it that does have an account on a machine is skipped. Changed with --run-uids.
inline constexpr UidRange kDefaultRunUids{60500, 60999};

// "FIRST-LAST", 1 <= FIRST <= LAST < 2^31 - 1.
Expected<UidRange> parse_uid_range(std::string_view text);

// Whether `id` is a uid in the password database or a gid in the group database: such an id
// is somebody's, and files of it may exist, so it is never leased.
Expected<bool> has_account(uid_t id);

// Where the lock files live: /run/grade/uids, made (0700, root) when missing; when /run is not
// writable, /tmp/grade-uids-<euid>. Either must be a real folder owned by the grader and
// closed to others: whoever could delete a lock file could make two graders share a uid.
Expected<std::filesystem::path> uid_lock_dir();

class UidLease {
 public:
  // Takes a uid of `range` that has no account, whose lock (an flock on <lock_dir>/<uid>.lock,
  // held through a close-on-exec descriptor until the lease ends) no other lease holds, and
  // sweeps it (a grader that crashed may have left processes). Candidates are tried from an
  // offset that differs between processes, so concurrent graders rarely meet. The lock file
  // says whether the uid's last lease ended with it swept; with `private_view` (the runs see
  // only their private view, so they leave nothing that could start a process as the uid
  // later) such a uid is not swept again: half a millisecond per run.
  static Expected<UidLease> acquire(const UidRange& range, const std::filesystem::path& lock_dir,
                                    bool private_view = false);
  static Expected<UidLease> acquire(const UidRange& range,  // in uid_lock_dir()
                                    bool private_view = false);

  UidLease(UidLease&& other) noexcept;
  UidLease& operator=(UidLease&&) = delete;
  UidLease(const UidLease&) = delete;
  UidLease& operator=(const UidLease&) = delete;
  // Sweeps (unless sweep() succeeded last) and releases the uid.
  ~UidLease();

  uid_t uid() const { return uid_; }

  // Kills every process of the uid (sweep_uid); the uid stays leased, so that what the run
  // owns (its folder) can be removed before another run may have it.
  Expected<void> sweep();

 private:
  UidLease(uid_t uid, Fd lock) : uid_(uid), lock_(std::move(lock)) {}

  uid_t uid_ = 0;
  Fd lock_;
  bool swept_ = false;
};

}  // namespace grade::isolate
