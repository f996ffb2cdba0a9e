// A run's private view of the file system: what it can see is decided here, not by the
// permissions of the machine's files.
//
// Built in the forked child, in a mount namespace of its own, just before exec (and before the
// uid change, which drops the right to mount): a fresh tmpfs becomes the root, and into it go
// - the system's programs and libraries, read-only, at their usual paths (/usr, /etc, ...),
//   with the folders of the grader and the class that happen to lie inside them (an installed
//   course in /usr/local/share) covered by empty ones;
// - the interpreter's own folders, read-only, when it lives elsewhere (a pyenv or a venv);
// - /dev with only null, zero, full, random, urandom and tty, and a devpts of its own with a
//   small cap, so opening terminals cannot starve the machine's;
// - /proc (as root a fresh one that shows only the run's own processes) and /sys, read-only;
// - one small tmpfs, capped in size and in files, that holds the run folder (a copy of the
//   submission, at the same path as on disk), /tmp, /var/tmp and /dev/shm; for a build, the
//   run folder is the grader's own folder instead, so that the program it makes is kept.
// Then pivot_root: the old root is gone from the namespace, so no path leads back to the
// course, the class, the gradebook or another run's folder. Everything the run wrote lives in
// that tmpfs, which the kernel frees when the run's last process is gone: ending a run never
// means deleting what it left.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace grade::isolate {

// What the parent decides; every string is built before the fork, so the child only reads.
struct PrivateView {
  struct Bind {
    std::string source;   // a path on the machine, outside the run folder
    std::string target;   // the same path under `root`
    std::string symlink;  // when the source is a symbolic link (/bin -> usr/bin): its text
  };
  std::string run_dir;            // the run folder as the grader made it, holding the submission
  std::string root;               // where the new root is mounted before pivot_root: run_dir itself
  std::vector<Bind> binds;        // the system folders, read-only
  std::vector<Bind> extra_binds;  // the interpreter's own folders, read-only, bound last
  std::vector<std::string> masks;   // folders under `root` covered by an empty read-only tmpfs
  std::vector<std::string> dirs;    // folders to make under `root` (mount points, /var)
  std::string scratch;              // `root`/.scratch: the writable tmpfs before it is split
  std::string scratch_options;      // "size=...,nr_inodes=...,mode=0755"
  std::string run_target;           // `root` + run_dir
  std::vector<Bind> scratch_binds;  // scratch sub-folders onto /tmp, /var/tmp, /dev/shm
  std::string proc_target;          // `root`/proc
  bool fresh_proc = false;          // mount a new proc (hidepid); else bind the machine's
  std::string devpts_target;        // `root`/dev/pts
  std::string devpts_options;       // "newinstance,ptmxmode=0666,mode=0620,max=N"
  std::vector<Bind> devices;        // /dev/null and friends, bound onto empty files
  std::vector<Bind> dev_links;      // /dev/fd -> /proc/self/fd, /dev/ptmx -> pts/ptmx, ...
  std::string dev_target;           // `root`/dev
  uid_t owner_uid = 0;              // who owns the run folder and its copy of the submission
  gid_t owner_gid = 0;
  bool change_owner = false;  // set when the child is root and the run is not
  // A build: the run folder is the grader's folder itself, bound writable, not a copy in the
  // tmpfs, so that what the build makes outlives it (check/artifact.h).
  bool run_dir_on_disk = false;
};

struct ViewOptions {
  std::filesystem::path run_dir;  // absolute; made by the grader, holds the submission
  // Folders the run needs read-only beside the system's: the interpreter's prefix (pyenv,
  // virtualenv). Ignored when already under a system folder.
  std::vector<std::filesystem::path> extra_read_only;
  // Folders that must stay out of sight even when they lie under a bound folder: the course,
  // the class, the gradebook, the grader's cache.
  std::vector<std::filesystem::path> hidden;
  std::uint64_t scratch_bytes = 256ULL << 20;  // the run folder, /tmp, /var/tmp, /dev/shm
  std::uint64_t scratch_files = 32'768;        // files and folders in it together
  unsigned terminals = 16;                     // ptys the run may open in its devpts
  bool fresh_proc = false;                     // only root may mount a proc of its own
  // Set when the run will have another user than the child that builds the view.
  bool change_owner = false;
  uid_t owner_uid = 0;
  gid_t owner_gid = 0;
  // A build's folder: bound as it is on disk, so the grader can collect what the build made.
  // Each file it writes is capped by the file-size limit; /tmp stays in the capped tmpfs.
  bool run_dir_on_disk = false;
};

// The system folders a run sees, read-only, when they exist on this machine.
const std::vector<std::string>& system_folders();

// The plan for one run; reads the machine's / (which of the system folders exist, which are
// symbolic links). Folders in `hidden` are masked only where a bind would show them.
PrivateView plan_private_view(const ViewOptions& options);

// In the forked child, already in new mount and IPC namespaces (and, unprivileged, a user
// namespace): builds the view and makes it the root, then changes into the run folder.
// Async-signal-safe: system calls only, no allocation. Returns nullptr on success, else the
// step that failed with errno set.
const char* enter_private_view(const PrivateView& view) noexcept;

// The installation or virtualenv an interpreter at PREFIX/bin/NAME belongs to: PREFIX, when
// it holds a pyvenv.cfg or a lib/python3* folder (and is not /). Nothing for anything else: a
// python3 that is a link in ~/bin must not show the whole home to the run.
std::optional<std::filesystem::path> interpreter_prefix(const std::filesystem::path& exe);

// Whether a run's view shows `path` (absolute): under a system folder or one of `read_only`.
bool shown_in_view(const std::filesystem::path& path,
                   const std::vector<std::filesystem::path>& read_only);

// Whether `path` is `folder` or lies inside it (lexically; both absolute and normal).
bool is_under(const std::filesystem::path& path, const std::filesystem::path& folder);

}  // namespace grade::isolate
