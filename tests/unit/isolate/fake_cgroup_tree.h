// Fake cgroup trees for the cgroup tests: a temporary folder laid out as /sys/fs/cgroup, with
// the /proc/self/cgroup and /proc/self/mountinfo texts that point into it.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include <sys/types.h>

#include <gtest/gtest.h>

#include "isolate/cgroup_home.h"
#include "util/temp_dir.h"

namespace grade::isolate::testing {

namespace fs = std::filesystem;

inline std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// This machine's layout: v1 memory (the grader in a nested cgroup) and pids, an empty v2.
inline constexpr const char* kV1Mountinfo =
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
inline constexpr const char* kV1Cgroup =
    "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/a24a\n1:cpu:/\n0::/\n";

inline constexpr const char* kV2Mountinfo =
    "25 20 0:22 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 "
    "rw,nsdelegate,memory_recursiveprot\n";

class FakeTree : public ::testing::Test {
 protected:
  fs::path at(const std::string& path) const {
    return dir_.path() / fs::path(path).relative_path();
  }

  CgroupSources sources(std::string cgroup, std::string mountinfo, pid_t self = 4242) const {
    return CgroupSources{std::move(cgroup), std::move(mountinfo), dir_.path(), self};
  }

  // A v2 cgroup folder as the kernel shows it.
  fs::path v2_cgroup(const std::string& path, const std::string& controllers,
                     const std::string& enabled, const std::string& procs) const {
    fs::path folder = at("/sys/fs/cgroup" + path);
    write(folder / "cgroup.controllers", controllers);
    write(folder / "cgroup.subtree_control", enabled);
    write(folder / "cgroup.procs", procs);
    return folder;
  }

  TempDir dir_ = TempDir::create("grade-cgroup-").value();
};

}  // namespace grade::isolate::testing
