#include "isolate/uid_lease.h"

#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isolate/uid_sweep.h"
#include "util/accounts.h"
#include "util/errno_text.h"

namespace grade::isolate {
namespace {

namespace fs = std::filesystem;

// Ids up to 2^31 - 2: (uid_t)-1 means "unchanged" to setresuid, and some tools treat ids as
// signed.
constexpr uid_t kLargestId = 0x7ffffffe;

// Makes `dir` (0700) when missing, then checks that it is a real folder of the grader's that
// nobody else may write.
Expected<void> private_dir(const fs::path& dir) {
  if (::mkdir(dir.c_str(), S_IRWXU) == -1 && errno != EEXIST) {
    return unexpected(dir.string() + ": " + errno_text(errno));
  }
  struct stat info {};
  if (::lstat(dir.c_str(), &info) == -1) {
    return unexpected(dir.string() + ": " + errno_text(errno));
  }
  if (!S_ISDIR(info.st_mode) || info.st_uid != ::geteuid() || (info.st_mode & 022) != 0) {
    return unexpected(fmt::format(
        "{} must be a folder owned by uid {} that nobody else may write (it has mode {:04o}, "
        "owner uid {}): it holds the locks that keep run uids apart",
        dir.string(), ::geteuid(), info.st_mode & 07777, info.st_uid));
  }
  return {};
}

// What a lock file says of its uid: written by the lease holding it. A lease that ended with
// the uid swept leaves kLeftSwept; one under way, kInUse (so a grader that dies mid-run leaves
// that). An empty file (new, or written by an earlier grade) says nothing.
constexpr std::string_view kLeftSwept = "left swept by grade 1\n";
constexpr std::string_view kInUse = "in use\n";

bool says(int lock, std::string_view state) {
  std::array<char, 64> text{};
  const ssize_t n = ::pread(lock, text.data(), text.size(), 0);
  return n == static_cast<ssize_t>(state.size()) &&
         std::string_view(text.data(), state.size()) == state;
}

// Best effort: a write that fails leaves what the file said before, or part of it (which then
// says nothing), so the next lease sweeps.
void write_state(int lock, std::string_view state) {
  if (::pwrite(lock, state.data(), state.size(), 0) == static_cast<ssize_t>(state.size())) {
    (void)::ftruncate(lock, static_cast<off_t>(state.size()));
  }
}

}  // namespace

std::string UidRange::text() const { return fmt::format("{}-{}", first, last); }

Expected<UidRange> parse_uid_range(std::string_view text) {
  const auto number = [](std::string_view part) -> std::optional<uid_t> {
    uid_t value = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || error != std::errc() || end != part.data() + part.size()) {
      return std::nullopt;
    }
    return value;
  };
  const auto invalid = [&] {
    return unexpected(fmt::format(
        "'{}' is not a range of uids: give FIRST-LAST with 1 <= FIRST <= LAST <= {}, e.g. {}", text,
        kLargestId, kDefaultRunUids.text()));
  };
  const std::size_t dash = text.find('-');
  if (dash == std::string_view::npos) {
    return invalid();
  }
  const std::optional<uid_t> first = number(text.substr(0, dash));
  const std::optional<uid_t> last = number(text.substr(dash + 1));
  if (!first || !last) {
    return invalid();
  }
  const uid_t low = *first;
  const uid_t high = *last;
  if (low == 0 || low > high || high > kLargestId) {
    return invalid();
  }
  return UidRange{low, high};
}

Expected<bool> has_account(uid_t id) {
  const auto user = find_user(id);
  if (!user) {
    return unexpected(user.error());
  }
  if (user->has_value()) {
    return true;
  }
  return group_exists(static_cast<gid_t>(id));
}

Expected<fs::path> uid_lock_dir() {
  const fs::path run = "/run/grade";
  if (::mkdir(run.c_str(), S_IRWXU) == -1 && errno != EEXIST) {
    // Only a /run the grader cannot write sends it elsewhere: every grader on the machine must
    // use the same folder, or two could take the same uid.
    if (errno != EACCES && errno != EPERM && errno != EROFS && errno != ENOENT) {
      return unexpected(run.string() + ": " + errno_text(errno));
    }
    const fs::path fallback = fmt::format("/tmp/grade-uids-{}", ::geteuid());
    if (auto ok = private_dir(fallback); !ok) {
      return unexpected(ok.error());
    }
    return fallback;
  }
  for (const fs::path& dir : {run, run / "uids"}) {
    if (auto ok = private_dir(dir); !ok) {
      return unexpected(ok.error());
    }
  }
  return run / "uids";
}

Expected<UidLease> UidLease::acquire(const UidRange& range, bool private_view) {
  auto dir = uid_lock_dir();
  if (!dir) {
    return unexpected(dir.error());
  }
  return acquire(range, *dir, private_view);
}

Expected<UidLease> UidLease::acquire(const UidRange& range, const fs::path& lock_dir,
                                     bool private_view) {
  if (range.first == 0 || range.first > range.last) {
    return unexpected("no uids in the range " + range.text());
  }
  const Fd dir(::open(lock_dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!dir) {
    return unexpected(lock_dir.string() + ": " + errno_text(errno));
  }
  // Graders started together have nearby PIDs: spread their starting points over the range.
  static std::atomic<std::uint64_t> leases{0};
  const std::uint64_t size = std::uint64_t{range.last} - range.first + 1;
  const std::uint64_t offset = static_cast<std::uint64_t>(::getpid()) * 97 + leases++;
  std::uint64_t accounts = 0;
  for (std::uint64_t i = 0; i < size; ++i) {
    const uid_t uid = range.first + static_cast<uid_t>((offset + i) % size);
    auto used = has_account(uid);
    if (!used) {
      return unexpected(used.error());
    }
    if (*used) {
      ++accounts;
      continue;
    }
    const std::string name = fmt::format("{}.lock", uid);
    Fd lock(::openat(dir.get(), name.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!lock) {
      return unexpected((lock_dir / name).string() + ": " + errno_text(errno));
    }
    int rc = 0;
    while ((rc = ::flock(lock.get(), LOCK_EX | LOCK_NB)) == -1 && errno == EINTR) {
    }
    if (rc == -1) {
      if (errno == EWOULDBLOCK) {
        continue;  // another grading's
      }
      return unexpected("flock " + (lock_dir / name).string() + ": " + errno_text(errno));
    }
    // Ours now: whatever still runs as it was left by a grader that died. Not swept again
    // when its last lease ended with it swept and runs see only their private view: nothing
    // of theirs is left then (their folders are gone, their /tmp was their own), so nothing
    // can start a process as the uid since.
    if (!(private_view && says(lock.get(), kLeftSwept))) {
      if (auto swept = sweep_uid(uid); !swept) {
        return unexpected(fmt::format("cannot clear uid {} for a run: {}", uid, swept.error()));
      }
    }
    write_state(lock.get(), kInUse);
    return UidLease(uid, std::move(lock));
  }
  return unexpected(fmt::format(
      "no uid of {} is free for a run: {} have an account or a group, the other {} are taken "
      "by gradings running now; wait for them, or give a wider range with --run-uids",
      range.text(), accounts, size - accounts));
}

UidLease::UidLease(UidLease&& other) noexcept
    : uid_(other.uid_), lock_(std::move(other.lock_)), swept_(other.swept_) {}

UidLease::~UidLease() {
  if (lock_ && !swept_) {
    swept_ = sweep_uid(uid_).has_value();  // else the next lease sweeps before using it
  }
  if (lock_ && swept_) {
    write_state(lock_.get(), kLeftSwept);
  }
}

Expected<void> UidLease::sweep() {
  auto swept = sweep_uid(uid_);
  swept_ = swept.has_value();
  return swept;
}

}  // namespace grade::isolate
