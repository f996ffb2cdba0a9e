#include "run/interpreter.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

#include "run/program_path.h"
#include "run_test_support.h"
#include "util/temp_dir.h"

extern char** environ;  // NOLINT: POSIX declares it nowhere in C++ headers

namespace grade::run {
namespace {

namespace fs = std::filesystem;

// A pyenv-like shim: a script that does some work of its own (here: leaves a mark, so tests
// can tell whether it ran) and then execs the real interpreter named in `target`.
class InterpreterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = TempDir::create("grade-interpreter-test-");
    ASSERT_TRUE(dir) << dir.error();
    dir_.emplace(std::move(*dir));
    fs::create_directories(bin());
    shim_ = bin() / "python3";
    std::ofstream(shim_) << "#!/bin/sh\n"
                            "echo ran >> \"$MARKER\"\n"
                            "exec \"$(cat \"$TARGET_FILE\")\" \"$@\"\n";
    fs::permissions(shim_, fs::perms::owner_all);
    set_target(testing::kPython);
  }

  fs::path bin() const { return dir_->path() / "bin"; }
  fs::path marker() const { return dir_->path() / "marker"; }
  fs::path target_file() const { return dir_->path() / "target"; }
  void set_target(const fs::path& interpreter) const {
    std::ofstream(target_file()) << interpreter.string();
  }

  int shim_runs() const {
    std::ifstream in(marker());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  }

  InterpreterOptions options() const {
    InterpreterOptions o;
    o.search_path = bin().string() + ":/usr/bin:/bin";
    o.cache_dir = dir_->path() / "cache";
    o.probe_env = {"PATH=/usr/bin:/bin", "MARKER=" + marker().string(),
                   "TARGET_FILE=" + target_file().string()};
    o.probe_dir = dir_->path();
    o.probe_timeout = std::chrono::milliseconds(5000);
    return o;
  }

  std::optional<TempDir> dir_;
  fs::path shim_;
};

TEST_F(InterpreterTest, UsesElfBinaryFoundOnPathDirectly) {
  InterpreterOptions o = options();
  o.search_path = "/usr/bin:/bin";
  const auto found = resolve_interpreter("python3", o);
  ASSERT_TRUE(found) << found.error();
  EXPECT_EQ(*found, fs::path(testing::kPython));  // the symlink itself, not python3.x
  EXPECT_EQ(shim_runs(), 0);
}

TEST_F(InterpreterTest, MissingCommandIsAnError) {
  const auto found = resolve_interpreter("python-does-not-exist", options());
  ASSERT_FALSE(found);
  EXPECT_NE(found.error().find("was not found on PATH"), std::string::npos) << found.error();
}

TEST_F(InterpreterTest, ResolvesShimToTheInterpreterItRuns) {
  InterpreterOptions o = options();
  o.use_cache = false;
  const auto found = resolve_interpreter("python3", o);
  ASSERT_TRUE(found) << found.error();
  EXPECT_EQ(*found, fs::path(testing::kPython));
  EXPECT_EQ(shim_runs(), 1);
  EXPECT_FALSE(fs::exists(o.cache_dir));
}

TEST_F(InterpreterTest, CachesTheAnswerUntilTheShimChanges) {
  ASSERT_TRUE(resolve_interpreter("python3", options()));
  const auto again = resolve_interpreter("python3", options());
  ASSERT_TRUE(again) << again.error();
  EXPECT_EQ(*again, fs::path(testing::kPython));
  EXPECT_EQ(shim_runs(), 1) << "the second resolution should come from the cache";

  fs::last_write_time(shim_, fs::last_write_time(shim_) + std::chrono::seconds(10));
  ASSERT_TRUE(resolve_interpreter("python3", options()));
  EXPECT_EQ(shim_runs(), 2) << "a changed shim must be asked again";
}

TEST_F(InterpreterTest, CacheKeyIncludesTheVersionSelectingEnvironment) {
  ASSERT_TRUE(resolve_interpreter("python3", options()));
  InterpreterOptions other = options();
  other.probe_env.push_back("PYENV_VERSION=3.12.1");
  ASSERT_TRUE(resolve_interpreter("python3", other));
  EXPECT_EQ(shim_runs(), 2);
  ASSERT_TRUE(resolve_interpreter("python3", other));
  EXPECT_EQ(shim_runs(), 2);
}

TEST_F(InterpreterTest, CachedInterpreterThatVanishedIsProbedAgain) {
  const fs::path first = dir_->path() / "python-a";
  const fs::path second = dir_->path() / "python-b";
  fs::create_symlink(testing::kPython, first);
  set_target(first);
  const auto found = resolve_interpreter("python3", options());
  ASSERT_TRUE(found) << found.error();
  EXPECT_EQ(*found, first);

  fs::remove(first);
  fs::create_symlink(testing::kPython, second);
  set_target(second);
  const auto again = resolve_interpreter("python3", options());
  ASSERT_TRUE(again) << again.error();
  EXPECT_EQ(*again, second);
  EXPECT_EQ(shim_runs(), 2);
}

TEST_F(InterpreterTest, FailingShimIsAnError) {
  set_target("/nonexistent/python");
  const auto found = resolve_interpreter("python3", options());
  ASSERT_FALSE(found);
  EXPECT_NE(found.error().find("exited with status"), std::string::npos) << found.error();
  EXPECT_FALSE(resolve_interpreter("python3", options())) << "failures are not cached";
  EXPECT_EQ(shim_runs(), 2);
}

// Whatever "python3" is on this machine's PATH (a pyenv shim on developer machines, the
// distribution's binary in CI) resolves to a binary that runs without any shim.
TEST_F(InterpreterTest, ResolvesThePython3OfThisMachine) {
  InterpreterOptions o = default_interpreter_options(environ, dir_->path());
  if (find_on_path("python3", o.search_path).empty()) {
    GTEST_SKIP() << "no python3 on PATH";
  }
  o.cache_dir = dir_->path() / "cache";
  const auto found = resolve_interpreter("python3", o);
  ASSERT_TRUE(found) << found.error();
  std::ifstream in(*found, std::ios::binary);
  std::array<char, 4> magic{};
  in.read(magic.data(), magic.size());
  EXPECT_EQ(std::string(magic.data(), 4),
            "\x7f"
            "ELF")
      << *found;
  const auto cached = resolve_interpreter("python3", o);
  ASSERT_TRUE(cached) << cached.error();
  EXPECT_EQ(*cached, *found);
}

TEST_F(InterpreterTest, DefaultOptionsComeFromTheEnvironment) {
  std::string path = "PATH=/a:/b";
  std::string xdg = "XDG_CACHE_HOME=/xdg";
  std::string home = "HOME=/home/me";
  char* env[] = {path.data(), xdg.data(), home.data(), nullptr};
  const InterpreterOptions o = default_interpreter_options(env, "/work/course");
  EXPECT_EQ(o.search_path, "/a:/b");
  EXPECT_EQ(o.cache_dir, fs::path("/xdg/grade"));
  EXPECT_EQ(o.probe_env.size(), 3U);
  EXPECT_EQ(o.probe_dir, fs::path("/work/course")) << "the folder comes from the caller";
  char* home_only[] = {home.data(), nullptr};
  EXPECT_EQ(default_interpreter_options(home_only, "/").cache_dir,
            fs::path("/home/me/.cache/grade"));
}

TEST_F(InterpreterTest, RelativeCommandIsTakenAgainstTheProbeDirectory) {
  fs::create_symlink(testing::kPython, dir_->path() / "python-link");
  const auto found = resolve_interpreter("./python-link", options());
  ASSERT_TRUE(found) << found.error();
  EXPECT_EQ(*found, dir_->path() / "python-link");
}

TEST_F(InterpreterTest, ProbeDirectoryMustBeAbsolute) {
  InterpreterOptions o = options();
  o.probe_dir.clear();
  const auto found = resolve_interpreter("python3", o);
  ASSERT_FALSE(found);
  EXPECT_NE(found.error().find("no absolute directory"), std::string::npos) << found.error();
  EXPECT_EQ(shim_runs(), 0);
}

}  // namespace
}  // namespace grade::run
