#include "isolate/run_as.h"

#include <filesystem>
#include <fstream>
#include <string_view>

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace grade::isolate {
namespace {

namespace fs = std::filesystem;

// The start of an ELF binary: what the fallback search accepts as a real interpreter.
constexpr std::string_view kElf = "\177ELF";

TEST(RunAsTest, FindsUsersByNameOrNumber) {
  auto nobody = find_run_user("nobody");
  ASSERT_TRUE(nobody) << nobody.error();
  EXPECT_EQ(nobody->identity.uid, 65534U);
  auto by_number = find_run_user("65534");
  ASSERT_TRUE(by_number);
  EXPECT_EQ(by_number->name, "nobody");
  EXPECT_EQ(by_number->identity.gid, nobody->identity.gid);

  auto explicit_ids = find_run_user("4321:8765");
  ASSERT_TRUE(explicit_ids);
  EXPECT_EQ(explicit_ids->name, "uid 4321");
  EXPECT_EQ(explicit_ids->identity.uid, 4321U);
  EXPECT_EQ(explicit_ids->identity.gid, 8765U);

  EXPECT_EQ(find_run_user("no-such-user-grade").error(),
            "there is no user 'no-such-user-grade' on this system");
  EXPECT_EQ(find_run_user("4321:x").error(),
            "'4321:x' is not a user: give a name, a uid or uid:gid");
  EXPECT_FALSE(find_run_user("987654"));  // no entry, so no group
}

TEST(RunAsTest, PermissionBitsByClass) {
  const Identity alice{1000, 1000, {27}};
  // The owner class decides for the owner, even when others may do more.
  EXPECT_FALSE(permits(S_IFREG | 0077, 1000, 1000, alice, kRead));
  EXPECT_TRUE(permits(S_IFREG | 0640, 1000, 5, alice, kRead | kWrite));
  // Group class through the primary or a supplementary group.
  EXPECT_TRUE(permits(S_IFREG | 0640, 0, 1000, alice, kRead));
  EXPECT_TRUE(permits(S_IFREG | 0640, 0, 27, alice, kRead));
  EXPECT_FALSE(permits(S_IFREG | 0640, 0, 28, alice, kRead));
  EXPECT_TRUE(permits(S_IFDIR | 0711, 0, 0, alice, kExecute));
  EXPECT_FALSE(permits(S_IFDIR | 0700, 0, 0, alice, kExecute));
  // Root: everything, but a file needs some execute bit to be run.
  const Identity root{0, 0, {}};
  EXPECT_TRUE(permits(S_IFREG | 0000, 1000, 1000, root, kRead | kWrite));
  EXPECT_TRUE(permits(S_IFDIR | 0000, 1000, 1000, root, kExecute));
  EXPECT_FALSE(permits(S_IFREG | 0644, 1000, 1000, root, kExecute));
  EXPECT_TRUE(permits(S_IFREG | 0744, 1000, 1000, root, kExecute));
}

class RunnableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = TempDir::create("grade-run-as-test-");
    ASSERT_TRUE(dir) << dir.error();
    dir_.emplace(std::move(*dir));
    fs::permissions(root(), fs::perms(0755));
  }
  const fs::path& root() const { return dir_->path(); }
  fs::path make_dir(const std::string& name, unsigned mode) const {
    fs::create_directories(root() / name);
    fs::permissions(root() / name, fs::perms(mode));
    return root() / name;
  }
  fs::path make_file(const fs::path& path, std::string_view text, unsigned mode) const {
    std::ofstream(path) << text;
    fs::permissions(path, fs::perms(mode));
    return path;
  }

  // Someone else than whoever runs the test: the files are owned by the test's user.
  const Identity stranger_{::getuid() + 4242, ::getgid() + 4242, {}};
  std::optional<TempDir> dir_;
};

TEST_F(RunnableTest, EveryFolderOnTheWayMustBeSearchable) {
  const fs::path closed = make_dir("closed", 0700);
  make_dir("closed/bin", 0755);
  const fs::path tool = make_file(closed / "bin" / "tool", kElf, 0755);
  EXPECT_EQ(why_not_runnable(tool, stranger_), closed.string() + " is not searchable by it");
  fs::permissions(closed, fs::perms(0711));
  EXPECT_EQ(why_not_runnable(tool, stranger_), std::nullopt);
  EXPECT_TRUE(runnable_by(tool, stranger_));
}

TEST_F(RunnableTest, LinksAreFollowedIntoTheirTargetsFolders) {
  const fs::path closed = make_dir("closed", 0700);
  make_file(closed / "python3.11", kElf, 0755);
  const fs::path open = make_dir("open", 0755);
  fs::create_symlink("../closed/python3.11", open / "python3");
  EXPECT_EQ(why_not_runnable(open / "python3", stranger_),
            closed.string() + " is not searchable by it");
  fs::permissions(closed, fs::perms(0755));
  EXPECT_TRUE(runnable_by(open / "python3", stranger_));
  fs::create_symlink(open / "loop", open / "loop");
  EXPECT_EQ(why_not_runnable(open / "loop", stranger_),
            (open / "loop").string() + ": too many symbolic links");
}

TEST_F(RunnableTest, AFileNeedsExecuteAndAScriptAlsoRead) {
  const fs::path open = make_dir("open", 0755);
  const fs::path binary = make_file(open / "binary", kElf, 0711);
  const fs::path script = make_file(open / "script", "#!/bin/sh\n", 0711);
  const fs::path plain = make_file(open / "plain", "text", 0644);
  EXPECT_TRUE(runnable_by(binary, stranger_));
  EXPECT_EQ(why_not_runnable(script, stranger_), script.string() + " is a script it cannot read");
  EXPECT_EQ(why_not_runnable(plain, stranger_), plain.string() + " is not executable by it");
  EXPECT_EQ(why_not_runnable(open, stranger_), open.string() + " is not a file");
  EXPECT_EQ(why_not_runnable(open / "missing", stranger_),
            (open / "missing").string() + ": No such file or directory (ENOENT)");
}

TEST_F(RunnableTest, FallsBackToAnInterpreterTheUserCanRun) {
  const fs::path closed = make_dir("closed", 0700);
  const fs::path resolved = make_file(closed / "python3", kElf, 0755);
  const fs::path shims = make_dir("shims", 0755);
  make_file(shims / "python3", "#!/bin/sh\nexec python3 \"$@\"\n", 0755);  // never chosen
  const fs::path open = make_dir("open", 0755);
  fs::create_symlink("/usr/bin/python3", open / "python3");
  const RunUser user{"someone", stranger_};

  auto same = interpreter_for_user(open / "python3", "python3", user, "");
  ASSERT_TRUE(same) << same.error();
  EXPECT_EQ(same->path, open / "python3");
  EXPECT_TRUE(same->note.empty());

  const std::string path = shims.string() + ":relative:" + open.string();
  auto other = interpreter_for_user(resolved, "python3", user, path);
  ASSERT_TRUE(other) << other.error();
  EXPECT_EQ(other->path, open / "python3");
  EXPECT_EQ(other->note, "python3 resolves to " + resolved.string() +
                             ", which user someone cannot run (" + closed.string() +
                             " is not searchable by it); " + (open / "python3").string() +
                             " is used instead.");

  auto none = interpreter_for_user(closed / "grade-no-such-interpreter",
                                   "grade-no-such-interpreter", user, shims.string());
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().find("and no other grade-no-such-interpreter on PATH or in "
                              "/usr/local/bin or /usr/bin can; install"),
            std::string::npos)
      << none.error();
}

TEST(RunAsMachineTest, NobodyCannotRunARootPyenvPython) {
  const fs::path pyenv = "/root/.pyenv/versions/3.11.7/bin/python3";
  auto nobody = find_run_user("nobody");
  ASSERT_TRUE(nobody);
  std::error_code ec;
  if (!fs::exists(pyenv, ec) || !fs::exists("/usr/bin/python3", ec)) {
    GTEST_SKIP() << "this machine has no " << pyenv << " and /usr/bin/python3";
  }
  EXPECT_EQ(why_not_runnable(pyenv, nobody->identity), "/root is not searchable by it");
  auto choice = interpreter_for_user(pyenv, "python3", *nobody, "/root/.pyenv/shims:/usr/bin");
  ASSERT_TRUE(choice) << choice.error();
  EXPECT_EQ(choice->path, "/usr/bin/python3");
}

}  // namespace
}  // namespace grade::isolate
