#include "isolate/private_view.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include <dirent.h>  // DT_REG
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace grade::isolate {
namespace {

namespace fs = std::filesystem;

// ---- in the parent -------------------------------------------------------------------------

PrivateView::Bind bind_of(const std::string& root, const fs::path& source) {
  PrivateView::Bind bind{source.string(), root + source.string(), {}};
  std::error_code ec;
  if (fs::is_symlink(source, ec)) {
    bind.symlink = fs::read_symlink(source, ec).string();
  }
  return bind;
}

bool covered_by(const fs::path& path, const std::vector<PrivateView::Bind>& binds) {
  for (const PrivateView::Bind& bind : binds) {
    if (bind.symlink.empty() && is_under(path, bind.source)) {
      return true;
    }
  }
  return false;
}

void plan_dev(PrivateView& view, unsigned terminals) {
  view.dev_target = view.root + "/dev";
  for (const char* device : {"null", "zero", "full", "random", "urandom", "tty"}) {
    view.devices.push_back({std::string("/dev/") + device, view.dev_target + "/" + device, {}});
  }
  const std::pair<const char*, const char*> links[] = {
      {"fd", "/proc/self/fd"},       {"stdin", "/proc/self/fd/0"}, {"stdout", "/proc/self/fd/1"},
      {"stderr", "/proc/self/fd/2"}, {"ptmx", "pts/ptmx"},
  };
  for (const auto& [name, text] : links) {
    view.dev_links.push_back({{}, view.dev_target + "/" + name, text});
  }
  view.devpts_target = view.dev_target + "/pts";
  view.devpts_options = fmt::format("newinstance,ptmxmode=0666,mode=0620,max={}", terminals);
}

// ---- in the child: system calls only -------------------------------------------------------

// mkdir -p, with a copy of `path` on the stack: the child must not allocate.
bool make_dirs(const char* path, mode_t mode) noexcept {
  char buffer[PATH_MAX];
  const std::size_t length = std::strlen(path);
  if (length == 0 || length >= sizeof buffer) {
    errno = ENAMETOOLONG;
    return false;
  }
  std::memcpy(buffer, path, length + 1);
  for (std::size_t i = 1; i <= length; ++i) {
    if (buffer[i] != '/' && buffer[i] != '\0') {
      continue;
    }
    const char saved = buffer[i];
    buffer[i] = '\0';
    if (::mkdir(buffer, mode) == -1 && errno != EEXIST) {
      return false;
    }
    buffer[i] = saved;
  }
  return true;
}

bool make_file(const char* path) noexcept {
  const int fd = ::open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  return fd != -1 && ::close(fd) == 0;
}

bool set_attributes(const char* path, std::uint64_t attributes, unsigned flags) noexcept {
  struct mount_attr attr {};
  attr.attr_set = attributes;
  return ::mount_setattr(AT_FDCWD, path, flags, &attr, sizeof attr) == 0;
}

// A read-only bind of `bind.source` (and what is mounted below it) at `bind.target`.
const char* bind_read_only(const PrivateView::Bind& bind) noexcept {
  if (!bind.symlink.empty()) {
    return ::symlink(bind.symlink.c_str(), bind.target.c_str()) == 0 ? nullptr : "symlink";
  }
  struct stat info {};
  if (::stat(bind.source.c_str(), &info) == -1) {
    return errno == ENOENT ? nullptr : "stat";  // gone since the plan: nothing to show
  }
  if (!make_dirs(bind.target.c_str(), 0755)) {
    return "mkdir (read-only folder)";
  }
  if (::mount(bind.source.c_str(), bind.target.c_str(), nullptr, MS_BIND | MS_REC, nullptr) == -1) {
    return "mount --rbind (read-only folder)";
  }
  if (!set_attributes(bind.target.c_str(), MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV,
                      AT_RECURSIVE)) {
    return "mount_setattr (read-only folder)";
  }
  return nullptr;
}

const char* build_dev(const PrivateView& view) noexcept {
  if (!make_dirs(view.dev_target.c_str(), 0755) ||
      ::mount("tmpfs", view.dev_target.c_str(), "tmpfs", MS_NOSUID | MS_NOEXEC,
              "mode=0755,size=64k,nr_inodes=64") == -1) {
    return "mount tmpfs on /dev";
  }
  for (const PrivateView::Bind& device : view.devices) {
    // mknod is not allowed in a user namespace; a bind of the machine's node is.
    if (!make_file(device.target.c_str()) ||
        ::mount(device.source.c_str(), device.target.c_str(), nullptr, MS_BIND, nullptr) == -1) {
      return "bind a device into /dev";
    }
  }
  for (const PrivateView::Bind& link : view.dev_links) {
    if (::symlink(link.symlink.c_str(), link.target.c_str()) == -1) {
      return "symlink in /dev";
    }
  }
  if (!make_dirs(view.devpts_target.c_str(), 0755) ||
      ::mount("devpts", view.devpts_target.c_str(), "devpts", MS_NOSUID | MS_NOEXEC,
              view.devpts_options.c_str()) == -1) {
    return "mount devpts";
  }
  return nullptr;
}

const char* build_proc(const PrivateView& view) noexcept {
  if (!make_dirs(view.proc_target.c_str(), 0555)) {
    return "mkdir /proc";
  }
  // A proc of its own shows only the processes the run may look into; without a PID
  // namespace only root may mount one, so a user namespace binds the machine's.
  const int done = view.fresh_proc ? ::mount("proc", view.proc_target.c_str(), "proc",
                                             MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=invisible")
                                   : ::mount("/proc", view.proc_target.c_str(), nullptr,
                                             MS_BIND | MS_REC, nullptr);
  return done == 0 ? nullptr : "mount /proc";
}

bool copy_file(int from, int to) noexcept {
  for (;;) {
    const ssize_t sent = ::sendfile(to, from, nullptr, 1 << 20);
    if (sent == 0) {
      return true;
    }
    if (sent == -1 && errno != EINTR) {
      return false;
    }
  }
}

// Copies the regular files of `from` (the grader's run folder) into `to`; the submission is
// flat. Symbolic links and anything else are left out.
const char* copy_submission(int from, int to, const PrivateView& view) noexcept {
  alignas(8) char buffer[4096];
  for (;;) {
    const long got = ::syscall(SYS_getdents64, from, buffer, sizeof buffer);
    if (got == 0) {
      return nullptr;
    }
    if (got == -1) {
      return "getdents64 (run folder)";
    }
    for (long at = 0; at < got;) {
      // struct linux_dirent64: ino (8), off (8), reclen (2), type (1), name.
      unsigned short length = 0;
      std::memcpy(&length, buffer + at + 16, sizeof length);
      const unsigned char type = static_cast<unsigned char>(buffer[at + 18]);
      const char* name = buffer + at + 19;
      at += length;
      if (type != DT_REG) {
        continue;
      }
      const int source = ::openat(from, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
      struct stat info {};
      if (source == -1 || ::fstat(source, &info) == -1) {
        return "open (submission copy)";
      }
      const int target = ::openat(to, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                                  (info.st_mode & 0777) | S_IRUSR | S_IWUSR);
      const bool ok = target != -1 && copy_file(source, target) &&
                      (!view.change_owner || ::fchown(target, view.owner_uid, view.owner_gid) == 0);
      const int error = errno;
      ::close(source);
      if (target != -1) {
        ::close(target);
      }
      if (!ok) {
        errno = error;
        return "copy the submission into the run folder";
      }
    }
  }
}

const char* unmount_scratch(const PrivateView& view) noexcept {
  if (::umount2(view.scratch.c_str(), MNT_DETACH) == -1 || ::rmdir(view.scratch.c_str()) == -1) {
    return "unmount the run's tmpfs from its first place";
  }
  return nullptr;
}

// The grader's folder (open as `staged`, hidden under the new root by now) bound writable at
// `target`, through /proc/self/fd: its path leads to the new root. No device or set-uid file
// there counts.
const char* bind_staged(int staged, const char* target) noexcept {
  char source[32] = "/proc/self/fd/";
  char digits[12];
  int count = 0;
  for (unsigned value = static_cast<unsigned>(staged); count == 0 || value > 0; value /= 10) {
    digits[count++] = static_cast<char>('0' + value % 10);
  }
  std::size_t at = std::strlen(source);
  while (count > 0) {
    source[at++] = digits[--count];
  }
  source[at] = '\0';
  if (!make_dirs(target, 0755) || ::mount(source, target, nullptr, MS_BIND, nullptr) == -1) {
    return "bind the build folder";
  }
  if (!set_attributes(target, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, 0)) {
    return "mount_setattr (build folder)";
  }
  return nullptr;
}

// One tmpfs for everything the run may write, split by binds into the run folder, /tmp,
// /var/tmp and /dev/shm: one cap for them all, and one free by the kernel at the end.
const char* build_scratch(const PrivateView& view, int staged) noexcept {
  if (!make_dirs(view.scratch.c_str(), 0755) ||
      ::mount("tmpfs", view.scratch.c_str(), "tmpfs", MS_NOSUID | MS_NODEV,
              view.scratch_options.c_str()) == -1) {
    return "mount tmpfs (run folder and /tmp)";
  }
  for (const PrivateView::Bind& bind : view.scratch_binds) {
    const bool is_run = bind.target == view.run_target;
    if (is_run && view.run_dir_on_disk) {
      if (const char* failed = bind_staged(staged, view.run_target.c_str()); failed != nullptr) {
        return failed;
      }
      continue;
    }
    if (::mkdir(bind.source.c_str(), is_run ? 0700 : 01777) == -1 ||
        (!is_run && ::chmod(bind.source.c_str(), 01777) == -1) ||
        !make_dirs(bind.target.c_str(), 0755) ||
        ::mount(bind.source.c_str(), bind.target.c_str(), nullptr, MS_BIND, nullptr) == -1) {
      return "bind a part of the run's tmpfs";
    }
  }
  if (view.run_dir_on_disk) {
    return unmount_scratch(view);
  }
  const int run = ::open(view.run_target.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (run == -1) {
    return "open the run folder";
  }
  const char* failed = copy_submission(staged, run, view);
  if (failed == nullptr && view.change_owner &&
      ::fchown(run, view.owner_uid, view.owner_gid) == -1) {
    failed = "chown the run folder";
  }
  ::close(run);
  if (failed != nullptr) {
    return failed;
  }
  return unmount_scratch(view);
}

const char* bind_all(const std::vector<PrivateView::Bind>& binds) noexcept {
  for (const PrivateView::Bind& bind : binds) {
    if (const char* failed = bind_read_only(bind); failed != nullptr) {
      return failed;
    }
  }
  return nullptr;
}

// In this order: the interpreter's folders after the run's tmpfs, since they may lie under
// /tmp (a virtualenv made there); the masks last, over whichever bind shows their folder.
const char* build_root(const PrivateView& view, int staged) noexcept {
  if (::mount("tmpfs", view.root.c_str(), "tmpfs", MS_NOSUID | MS_NODEV,
              "mode=0755,size=1m,nr_inodes=4096") == -1) {
    return "mount tmpfs (new root)";
  }
  if (const char* failed = bind_all(view.binds); failed != nullptr) {
    return failed;
  }
  for (const std::string& dir : view.dirs) {
    if (!make_dirs(dir.c_str(), 0755)) {
      return "mkdir (new root)";
    }
  }
  if (const char* failed = build_dev(view); failed != nullptr) {
    return failed;
  }
  if (const char* failed = build_proc(view); failed != nullptr) {
    return failed;
  }
  if (const char* failed = build_scratch(view, staged); failed != nullptr) {
    return failed;
  }
  if (const char* failed = bind_all(view.extra_binds); failed != nullptr) {
    return failed;
  }
  for (const std::string& mask : view.masks) {
    if (::mount("tmpfs", mask.c_str(), "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                "mode=0755,size=4k,nr_inodes=1") == -1) {
      return "mount tmpfs (hiding a folder)";
    }
  }
  return nullptr;
}

}  // namespace

bool is_under(const fs::path& path, const fs::path& folder) {
  auto p = path.begin();
  for (auto f = folder.begin(); f != folder.end(); ++f, ++p) {
    if (f->empty() && std::next(f) == folder.end()) {
      return true;  // a trailing slash
    }
    if (p == path.end() || *p != *f) {
      return false;
    }
  }
  return true;
}

const std::vector<std::string>& system_folders() {
  static const std::vector<std::string> folders = {"/usr",   "/bin",    "/sbin", "/lib", "/lib32",
                                                   "/lib64", "/libx32", "/etc",  "/sys"};
  return folders;
}

std::optional<fs::path> interpreter_prefix(const fs::path& exe) {
  std::error_code ec;
  const fs::path bin = fs::absolute(exe, ec).lexically_normal().parent_path();
  const fs::path prefix = bin.parent_path();
  if (ec || bin.filename() != "bin" || prefix == prefix.root_path()) {
    return std::nullopt;
  }
  if (fs::is_regular_file(prefix / "pyvenv.cfg", ec)) {
    return prefix;
  }
  for (auto it = fs::directory_iterator(prefix / "lib", ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->path().filename().string().starts_with("python3") && it->is_directory(ec)) {
      return prefix;
    }
  }
  return std::nullopt;
}

bool shown_in_view(const fs::path& path, const std::vector<fs::path>& read_only) {
  const fs::path absolute = fs::absolute(path).lexically_normal();
  const auto under = [&](const fs::path& folder) { return is_under(absolute, folder); };
  return std::any_of(system_folders().begin(), system_folders().end(), under) ||
         std::any_of(read_only.begin(), read_only.end(), under);
}

PrivateView plan_private_view(const ViewOptions& options) {
  PrivateView view;
  view.run_dir = options.run_dir.string();
  view.root = view.run_dir;
  std::error_code ec;
  for (const std::string& folder : system_folders()) {
    if (fs::exists(fs::symlink_status(folder, ec))) {
      view.binds.push_back(bind_of(view.root, folder));
    }
  }
  for (const fs::path& extra : options.extra_read_only) {
    // Seen at the path the run is given (a venv's bin/python), whatever links lead there.
    const fs::path given = fs::absolute(extra, ec).lexically_normal();
    // Never a folder that holds the run folder (it would cover it) or is the root.
    const bool too_wide = given == given.root_path() || is_under(options.run_dir, given);
    if (!extra.empty() && !too_wide && fs::is_directory(extra, ec) &&
        !covered_by(given, view.binds) && !covered_by(given, view.extra_binds)) {
      view.extra_binds.push_back(
          {fs::canonical(extra, ec).string(), view.root + given.string(), {}});
    }
  }
  for (const fs::path& hidden : options.hidden) {
    const fs::path folder = fs::weakly_canonical(hidden, ec);
    // A folder that holds a whole system folder (a gradebook in /) is not masked: that
    // would hide the system from the run; what lies there is not in the view anyway.
    const bool holds_system = std::any_of(view.binds.begin(), view.binds.end(),
                                          [&](auto& b) { return is_under(b.source, folder); });
    if (!folder.empty() && !holds_system && fs::is_directory(folder, ec) &&
        (covered_by(folder, view.binds) || covered_by(folder, view.extra_binds))) {
      view.masks.push_back(view.root + folder.string());
    }
  }
  view.dirs = {view.root + "/var", view.root + "/tmp"};
  plan_dev(view, options.terminals);
  view.proc_target = view.root + "/proc";
  view.fresh_proc = options.fresh_proc;
  view.scratch = view.root + "/.scratch";
  view.scratch_options =
      fmt::format("mode=0755,size={},nr_inodes={}", options.scratch_bytes, options.scratch_files);
  view.run_target = view.root + view.run_dir;
  view.scratch_binds = {{view.scratch + "/tmp", view.root + "/tmp", {}},
                        {view.scratch + "/var-tmp", view.root + "/var/tmp", {}},
                        {view.scratch + "/shm", view.dev_target + "/shm", {}},
                        {view.scratch + "/run", view.run_target, {}}};
  view.change_owner = options.change_owner;
  view.owner_uid = options.owner_uid;
  view.owner_gid = options.owner_gid;
  view.run_dir_on_disk = options.run_dir_on_disk;
  return view;
}

const char* enter_private_view(const PrivateView& view) noexcept {
  // The grader's run folder, opened before the new root hides it: the submission is copied
  // from it into the run's tmpfs.
  const int staged = ::open(view.run_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (staged == -1) {
    return "open the run folder";
  }
  // Nothing done here may reach the machine's mounts, nor theirs reach the run.
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == -1) {
    return "mount --make-rprivate /";
  }
  const char* failed = build_root(view, staged);
  ::close(staged);
  if (failed != nullptr) {
    return failed;
  }
  if (!set_attributes(view.dev_target.c_str(), MOUNT_ATTR_RDONLY, 0) ||
      !set_attributes(view.root.c_str(), MOUNT_ATTR_RDONLY, 0)) {
    return "mount_setattr (read-only root)";
  }
  // pivot_root(".", ".") stacks the old root under the new one; detaching it leaves no path
  // back to the machine's file system.
  if (::chdir(view.root.c_str()) == -1 || ::syscall(SYS_pivot_root, ".", ".") == -1 ||
      ::umount2(".", MNT_DETACH) == -1 || ::chdir("/") == -1) {
    return "pivot_root";
  }
  return ::chdir(view.run_dir.c_str()) == 0 ? nullptr : "chdir to the run folder";
}

}  // namespace grade::isolate
