#include "check/build_cache.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "util/temp_dir.h"
#include "util/wait.h"

namespace grade::check {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSha =
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const char* const kTool = "/usr/bin/g++-12 size 1000 mtime 1.0 ctime 1.0\nversion g++ 12.2.0";

std::string key(const std::vector<std::string>& argv = {"g++", "-O2", "-o", "prog", "prog.cc"},
                const std::string& sha = std::string(kSha), const std::string& tool = kTool,
                const std::vector<std::string>& names = {"prog"}) {
  return BuildCache::key(argv, sha, tool, names);
}

// A key per number, for tests that need many entries.
std::string key_of(int n) { return key({"g++", "-DN=" + std::to_string(n)}); }

Artifacts program(std::string_view content = std::string_view("\x7f"
                                                              "ELF\0\n\xff code",
                                                              11)) {
  return {Artifact{"prog", true, std::string(content)}, Artifact{"notes.txt", false, "hello"}};
}

// Artefacts of a given size whose content tells which entry they belong to.
Artifacts sized(int n, std::size_t bytes) {
  std::string content(bytes, static_cast<char>('a' + n % 26));
  content.replace(0, std::to_string(n).size(), std::to_string(n));
  return {Artifact{"prog", true, content}};
}

bool same(const Artifacts& a, const Artifacts& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.name == y.name && x.executable == y.executable && x.content == y.content;
  });
}

// Bytes on disk below `folder`, counted apart from the cache's own accounting.
std::uint64_t usage_below(const fs::path& folder) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& item : fs::recursive_directory_iterator(folder, ec)) {
    struct stat info {};
    if (::lstat(item.path().c_str(), &info) == 0) {
      total += std::max(static_cast<std::uint64_t>(info.st_blocks) * 512,
                        static_cast<std::uint64_t>(info.st_size));
    }
  }
  return total;
}

class BuildCacheTest : public ::testing::Test {
 protected:
  fs::path cache_dir() const { return dir_.path() / "cache"; }
  fs::path entries() const { return cache_dir() / "builds" / "v2"; }
  fs::path entry(const std::string& key) const { return entries() / key; }
  bool present(const std::string& key) const {
    std::error_code ec;
    return fs::exists(fs::symlink_status(entry(key), ec));
  }
  void set_used(const std::string& key, std::chrono::hours ago) const {
    fs::last_write_time(entry(key), fs::file_time_type::clock::now() - ago);
  }
  // The disk usage of one entry holding `artifacts`, measured in a cache of its own.
  std::uint64_t usage_of(const Artifacts& artifacts) const {
    const fs::path scratch = dir_.path() / "scratch";
    BuildCache(scratch).store(key(), artifacts);
    const std::uint64_t bytes = usage_below(scratch / "builds" / "v2");
    fs::remove_all(scratch);
    return bytes;
  }

  const TempDir dir_ = TempDir::create("grade-build-cache-").value();
};

TEST_F(BuildCacheTest, TheSameInputsGiveTheSameKey) {
  EXPECT_EQ(key(), key());
  EXPECT_EQ(key().size(), 64U);
}

TEST_F(BuildCacheTest, TheKeyChangesWithSourceFlagsCompilerAndArtefacts) {
  EXPECT_NE(key(), key({"g++", "-O2", "-o", "prog", "prog.cc"}, std::string(64, 'b')));
  EXPECT_NE(key(), key({"g++", "-O0", "-o", "prog", "prog.cc"}));
  EXPECT_NE(key(), key({"g++", "-O2", "-o", "prog", "prog.cc"}, std::string(kSha),
                       "/usr/bin/g++-12 size 1000 mtime 2.0 ctime 1.0\nversion g++ 12.2.0"));
  EXPECT_NE(key(), key({"g++", "-O2", "-o", "prog", "prog.cc"}, std::string(kSha), kTool, {}));
  EXPECT_NE(key(), key({"g++", "-O2", "-o", "prog", "prog.cc"}, std::string(kSha), kTool,
                       {"prog", "prog.map"}));
  // Boundaries count: "ab c" is not "a bc", and an argument is not an artefact name.
  EXPECT_NE(key({"ab", "c"}), key({"a", "bc"}));
  EXPECT_NE(key({"a"}), key({"a", ""}));
  EXPECT_NE(key({"a", "prog"}, std::string(kSha), kTool, {}), key({"a"}));
}

TEST_F(BuildCacheTest, AHitGivesBackExactlyWhatWasStored) {
  BuildCache(cache_dir()).store(key(), program());
  const auto found = BuildCache(cache_dir()).find(key());  // a later grading
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(same(*found, program()));
  EXPECT_FALSE(same(*found, program("other")));
}

TEST_F(BuildCacheTest, ABuildThatMakesNothingIsRememberedAsNothing) {
  const BuildCache cache(cache_dir());
  EXPECT_FALSE(cache.find(key()).has_value());
  cache.store(key(), {});
  const auto found = cache.find(key());
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(found->empty());
}

TEST_F(BuildCacheTest, MissesWhenAnythingInTheKeyChanged) {
  const BuildCache cache(cache_dir());
  cache.store(key(), program());
  EXPECT_FALSE(cache.find(key({"g++", "-O2", "-o", "prog", "prog.cc"}, std::string(64, 'b'))));
  EXPECT_FALSE(cache.find(key({"g++", "-O3", "-o", "prog", "prog.cc"})));
  EXPECT_FALSE(
      cache.find(key({"g++", "-O2", "-o", "prog", "prog.cc"}, std::string(kSha), "clang")));
  EXPECT_FALSE(cache.find(
      key({"g++", "-O2", "-o", "prog", "prog.cc"}, std::string(kSha), kTool, {"a.out"})));
  EXPECT_TRUE(cache.find(key()));
  EXPECT_FALSE(cache.find("../../etc"));
}

// A build that only warned shows its warnings again when its program comes from the cache.
TEST_F(BuildCacheTest, TheBuildsMessagesComeBackWithItsProgram) {
  const BuildCache cache(cache_dir());
  cache.store_build(key(), {program(), "", "ex1.cpp:3:7: warning: unused variable 'x'\n"});
  const auto hit = cache.find_build(key());
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->artifacts.size(), program().size());
  EXPECT_EQ(hit->artifacts.front().content, program().front().content);
  EXPECT_EQ(hit->out, "");
  EXPECT_EQ(hit->err, "ex1.cpp:3:7: warning: unused variable 'x'\n");
  EXPECT_EQ(cache.find(key())->size(), program().size());
}

TEST_F(BuildCacheTest, FilesAreTheGradersAndReadableOnly) {
  BuildCache(cache_dir()).store(key(), program());
  const auto mode = [this](const std::string& name) {
    return fs::status(entry(key()) / name).permissions();
  };
  using fs::perms;
  EXPECT_EQ(fs::status(entry(key())).permissions(), perms(0755));
  EXPECT_EQ(mode("manifest"), perms(0644));
  EXPECT_EQ(mode("0"), perms(0755));
  EXPECT_EQ(mode("1"), perms(0644));
}

TEST_F(BuildCacheTest, ArtefactsWithUnsafeNamesAreNotKept) {
  const BuildCache cache(cache_dir());
  for (const std::string& name :
       {std::string("a/b"), std::string(".."), std::string(), std::string("a\nb")}) {
    cache.store(key(), {Artifact{name, false, "x"}});
    EXPECT_FALSE(cache.find(key())) << name;
  }
  cache.store(key(), {Artifact{"a", false, "x"}, Artifact{"a", true, "y"}});
  EXPECT_FALSE(cache.find(key()));
}

TEST_F(BuildCacheTest, AnEmptyFolderMeansACacheThatRemembersNothing) {
  const BuildCache cache{fs::path()};
  cache.store(key(), program());
  EXPECT_FALSE(cache.find(key()));
}

TEST_F(BuildCacheTest, ACacheThatCannotBeWrittenIsOnlySlower) {
  const fs::path blocked = dir_.path() / "blocked";  // a file: nothing can be made inside
  std::ofstream(blocked) << "not a folder";
  const BuildCache cache(blocked);
  EXPECT_NO_THROW(cache.store(key(), program()));
  EXPECT_FALSE(cache.find(key()));
}

TEST_F(BuildCacheTest, TheOldFormatIsNoHitAndGoesAway) {
  fs::create_directories(cache_dir() / "builds");
  std::ofstream(cache_dir() / "builds" / key()).flush();
  const BuildCache cache(cache_dir());
  EXPECT_FALSE(cache.find(key()));
  cache.store(key_of(1), program());
  EXPECT_FALSE(fs::exists(cache_dir() / "builds" / key()));
}

// Each way an entry can be damaged; every one is a miss, and the entry goes.
struct Damage {
  const char* name;
  void (*apply)(const fs::path& entry);
};

void overwrite(const fs::path& file, const std::string& content) {
  const auto mode = fs::status(file).permissions();
  fs::remove(file);
  std::ofstream(file, std::ios::binary) << content;
  fs::permissions(file, mode);
}

std::string content_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

constexpr Damage kDamages[] = {
    {"AChangedByte",
     [](const fs::path& entry) {
       std::string content = content_of(entry / "0");
       content[3] = 'X';
       overwrite(entry / "0", content);
     }},
    {"ATruncatedFile", [](const fs::path& entry) { fs::resize_file(entry / "0", 4); }},
    {"AMissingFile", [](const fs::path& entry) { fs::remove(entry / "1"); }},
    {"AFileReplacedByALink",
     [](const fs::path& entry) {
       fs::rename(entry / "1", entry.parent_path() / "elsewhere");
       fs::create_symlink(entry.parent_path() / "elsewhere", entry / "1");
     }},
    {"AGarbageManifest",
     [](const fs::path& entry) {
       overwrite(entry / "manifest", "grade build cache 2\nkey \x01\n");
     }},
    {"AManifestWithTrailingText",
     [](const fs::path& entry) {
       overwrite(entry / "manifest", content_of(entry / "manifest") + "- 0 ");
     }},
    {"AnEntryOfAnotherKey",
     [](const fs::path& entry) {
       fs::rename(entry, entry.parent_path() / "moved");
       BuildCache(entry.parent_path().parent_path().parent_path()).store(key_of(7), program());
       fs::rename(entry.parent_path() / key_of(7), entry);
     }},
    {"AFileOthersMayWrite",
     [](const fs::path& entry) {
       fs::permissions(entry / "1", fs::perms::group_write, fs::perm_options::add);
     }},
    {"ALostExecutableBit",
     [](const fs::path& entry) { fs::permissions(entry / "0", fs::perms(0644)); }},
    {"AnEntryThatIsALink",
     [](const fs::path& entry) {
       fs::rename(entry, entry.parent_path() / "real");
       fs::create_directory_symlink(entry.parent_path() / "real", entry);
     }},
};

class DamagedEntryTest : public BuildCacheTest, public ::testing::WithParamInterface<Damage> {};

TEST_P(DamagedEntryTest, IsAMissAndIsRemoved) {
  const BuildCache cache(cache_dir());
  cache.store(key(), program());
  ASSERT_TRUE(cache.find(key()));
  GetParam().apply(entry(key()));
  EXPECT_FALSE(cache.find(key()));
  EXPECT_FALSE(present(key()));
  // Stored again, it is whole again.
  cache.store(key(), program());
  const auto found = cache.find(key());
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(same(*found, program()));
}

INSTANTIATE_TEST_SUITE_P(Damages, DamagedEntryTest, ::testing::ValuesIn(kDamages),
                         [](const auto& test) { return std::string(test.param.name); });

TEST_F(BuildCacheTest, StoringOverADamagedEntryReplacesIt) {
  const BuildCache cache(cache_dir());
  cache.store(key(), program());
  fs::resize_file(entry(key()) / "0", 1);
  cache.store(key(), program());
  const auto found = cache.find(key());
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(same(*found, program()));
}

TEST_F(BuildCacheTest, EvictionDropsTheLeastRecentlyUsedFirst) {
  const std::uint64_t one = usage_of(sized(0, 64 * 1024));
  const BuildCache cache(cache_dir(), one * 3 + one / 2);
  for (int n = 0; n < 3; ++n) {
    cache.store(key_of(n), sized(n, 64 * 1024));
    set_used(key_of(n), std::chrono::hours(3 - n));  // 0 is the oldest, 2 the newest
  }
  ASSERT_TRUE(cache.find(key_of(0)));  // 0 is now the most recently used
  cache.store(key_of(3), sized(3, 64 * 1024));
  EXPECT_TRUE(present(key_of(0)));
  EXPECT_FALSE(present(key_of(1)));
  EXPECT_TRUE(present(key_of(2)));
  EXPECT_TRUE(present(key_of(3)));
  EXPECT_LE(usage_below(entries()), one * 3 + one / 2);
}

TEST_F(BuildCacheTest, StaysWithinItsBoundAndKeepsTheNewest) {
  const std::uint64_t one = usage_of(sized(0, 20 * 1024));
  const BuildCache cache(cache_dir(), one * 5);
  for (int n = 0; n < 20; ++n) {
    cache.store(key_of(n), sized(n, 20 * 1024));
    set_used(key_of(n), std::chrono::hours(40 - n));
    EXPECT_LE(usage_below(entries()), one * 5) << n;
    EXPECT_TRUE(present(key_of(n))) << n;
  }
  EXPECT_TRUE(present(key_of(15)));
  EXPECT_FALSE(present(key_of(14)));
}

TEST_F(BuildCacheTest, ArtefactsLargerThanTheWholeCacheAreNotKept) {
  const BuildCache cache(cache_dir(), 1000);
  cache.store(key(), sized(0, 1001));
  EXPECT_FALSE(cache.find(key()));
}

TEST_F(BuildCacheTest, OnlyOldLeftoversOfOtherGradingsAreRemoved) {
  const BuildCache cache(cache_dir(), usage_of(program()) * 2);
  cache.store(key_of(0), program());
  // A grading writing right now, with more than the whole cache: neither removed nor counted.
  fs::create_directory(entries() / ".tmp-young");
  std::ofstream(entries() / ".tmp-young" / "0") << std::string(64 * 1024, 'y');
  // Left by gradings that stopped half-way.
  fs::create_directory(entries() / ".tmp-old");
  fs::last_write_time(entries() / ".tmp-old",
                      fs::file_time_type::clock::now() - std::chrono::hours(2));
  fs::create_directory(entries() / ".del-stopped");
  cache.store(key_of(1), program());
  EXPECT_TRUE(fs::exists(entries() / ".tmp-young" / "0"));
  EXPECT_FALSE(fs::exists(entries() / ".tmp-old"));
  EXPECT_FALSE(fs::exists(entries() / ".del-stopped"));
  EXPECT_TRUE(cache.find(key_of(0)));
  EXPECT_TRUE(cache.find(key_of(1)));
}

// Stores and finds keys in turn; false when a find gave anything but a miss or exactly what
// was stored under that key.
bool store_and_find(const BuildCache& cache, int worker, int rounds) {
  constexpr int kKeys = 6;
  for (int i = 0; i < rounds; ++i) {
    const int stored = (i * 7 + worker) % kKeys;
    const int wanted = (i * 5 + worker * 3) % kKeys;
    cache.store(key_of(stored), sized(stored, 1024 * static_cast<std::size_t>(1 + stored * 3)));
    const auto found = cache.find(key_of(wanted));
    if (found && !same(*found, sized(wanted, 1024 * static_cast<std::size_t>(1 + wanted * 3)))) {
      return false;
    }
  }
  return true;
}

// No leftovers and the bound kept once every grading is done.
void expect_settled(const fs::path& entries, std::uint64_t max_bytes) {
  EXPECT_LE(usage_below(entries), max_bytes);
  for (const auto& item : fs::directory_iterator(entries)) {
    EXPECT_EQ(item.path().filename().string().size(), 64U) << item.path();
  }
}

TEST_F(BuildCacheTest, ThreadsSharingTheCacheSeeWholeEntriesOrMisses) {
  const std::uint64_t bound = usage_of(sized(5, 16 * 1024)) * 3;  // some stores must evict
  const BuildCache cache(cache_dir(), bound);
  std::vector<char> ok(4, 0);
  {
    std::vector<std::jthread> threads;
    threads.reserve(4);
    for (int worker = 0; worker < 4; ++worker) {
      threads.emplace_back([&, worker] {
        ok[static_cast<std::size_t>(worker)] = store_and_find(cache, worker, 150);
      });
    }
  }
  EXPECT_EQ(std::count(ok.begin(), ok.end(), 1), 4);
  expect_settled(entries(), bound);
}

TEST_F(BuildCacheTest, ProcessesSharingTheCacheSeeWholeEntriesOrMisses) {
  const std::uint64_t bound = usage_of(sized(5, 16 * 1024)) * 3;
  std::vector<pid_t> children;
  for (int worker = 0; worker < 3; ++worker) {
    const pid_t pid = ::fork();
    ASSERT_NE(pid, -1);
    if (pid == 0) {
      ::_exit(store_and_find(BuildCache(cache_dir(), bound), worker, 150) ? 0 : 1);
    }
    children.push_back(pid);
  }
  for (const pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(wait_for_pid(pid, &status), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  expect_settled(entries(), bound);
}

}  // namespace
}  // namespace grade::check
