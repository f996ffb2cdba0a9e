#include "isolate/private_view.h"

#include <fstream>
#include <string>

#include <unistd.h>

#include <gtest/gtest.h>

#include "isolate/namespaces.h"
#include "isolate/restricted_child.h"
#include "run/run_test_support.h"
#include "util/temp_dir.h"

namespace grade::isolate {
namespace {

namespace fs = std::filesystem;

TEST(PrivateViewTest, IsUnderComparesWholeComponents) {
  EXPECT_TRUE(is_under("/usr/local/share/grade", "/usr"));
  EXPECT_TRUE(is_under("/usr", "/usr"));
  EXPECT_TRUE(is_under("/usr/lib", "/usr/"));
  EXPECT_FALSE(is_under("/usrx/lib", "/usr"));
  EXPECT_FALSE(is_under("/", "/usr"));
  EXPECT_FALSE(is_under("/home/student", "/usr"));
}

TEST(PrivateViewTest, PlanBindsTheSystemAndHidesWhatLiesInIt) {
  auto extra = TempDir::create("grade-view-extra-");
  ASSERT_TRUE(extra) << extra.error();
  ViewOptions options;
  options.run_dir = "/tmp/grade-run-abc";
  options.extra_read_only = {extra->path(), "/usr/bin", "/no/such/folder"};
  options.hidden = {"/usr/share", "/home/teacher/course", extra->path() / "missing", "/", "/usr"};
  options.scratch_bytes = 1 << 20;
  const PrivateView view = plan_private_view(options);
  EXPECT_EQ(view.root, "/tmp/grade-run-abc");
  EXPECT_EQ(view.run_target, "/tmp/grade-run-abc/tmp/grade-run-abc");
  bool usr = false;
  for (const PrivateView::Bind& bind : view.binds) {
    usr = usr || (bind.source == "/usr" && bind.target == "/tmp/grade-run-abc/usr");
  }
  EXPECT_TRUE(usr);
  // Only the folder outside the system ones, bound after the run's /tmp (it lies in /tmp).
  ASSERT_EQ(view.extra_binds.size(), 1U);
  EXPECT_EQ(view.extra_binds[0].source, fs::canonical(extra->path()).string());
  // Only what a bind would show is masked: /home is not in the view at all.
  ASSERT_EQ(view.masks.size(), 1U);
  EXPECT_EQ(view.masks[0], "/tmp/grade-run-abc/usr/share");
  EXPECT_NE(view.scratch_options.find("size=1048576"), std::string::npos);
  EXPECT_NE(view.devpts_options.find("newinstance"), std::string::npos);
}

// Only a real installation or virtualenv is shown for an interpreter outside the system
// folders: a python3 linked from ~/bin or lying in /tmp must not show its whole folder.
TEST(PrivateViewTest, InterpreterPrefixIsAnInstallationOrNothing) {
  auto dir = TempDir::create("grade-view-prefix-");
  ASSERT_TRUE(dir) << dir.error();
  const fs::path venv = dir->path() / "venv";
  const fs::path pyenv = dir->path() / "versions" / "3.11.7";
  const fs::path home = dir->path() / "home";
  for (const fs::path& bin : {venv / "bin", pyenv / "bin", home / "bin"}) {
    fs::create_directories(bin);
  }
  std::ofstream(venv / "pyvenv.cfg") << "home = /usr/bin\n";
  fs::create_directories(pyenv / "lib" / "python3.11");
  fs::create_directories(home / "lib" / "node");
  EXPECT_EQ(interpreter_prefix(venv / "bin" / "python"), venv);
  EXPECT_EQ(interpreter_prefix(pyenv / "bin" / "python3.11"), pyenv);
  EXPECT_EQ(interpreter_prefix(home / "bin" / "python3"), std::nullopt) << "a home, not a prefix";
  EXPECT_EQ(interpreter_prefix(dir->path() / "python3"), std::nullopt) << "not in a bin folder";
  EXPECT_EQ(interpreter_prefix("/bin/python3"), std::nullopt) << "never /";

  EXPECT_TRUE(shown_in_view("/usr/bin/python3", {}));
  EXPECT_TRUE(shown_in_view(venv / "bin" / "python", {venv}));
  EXPECT_FALSE(shown_in_view(home / "bin" / "python3", {venv}));

  // A folder that would cover the run folder, or the root, is never bound.
  ViewOptions options;
  options.run_dir = dir->path() / "venv" / "run";
  options.extra_read_only = {"/", venv, pyenv};
  const PrivateView view = plan_private_view(options);
  ASSERT_EQ(view.extra_binds.size(), 1U);
  EXPECT_EQ(view.extra_binds[0].source, fs::canonical(pyenv).string());
}

// The view for real: the program sees the system read-only, its own folder with its copy of
// the submission, a private /tmp, and not a folder of the grader's that lies under /usr.
TEST(PrivateViewTest, ARunSeesOnlyTheSystemAndItsOwnFolder) {
  const NamespaceSupport& support = namespace_support();
  if (support.private_view_problem) {
    GTEST_SKIP() << *support.private_view_problem;
  }
  auto run_dir = TempDir::create("grade-view-run-");
  ASSERT_TRUE(run_dir) << run_dir.error();
  // Outside /tmp (the run's /tmp is its own): a read-only folder with a grader's folder in
  // it, as an installed course under /usr would be.
  std::string pattern = (fs::current_path() / "grade-view-XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  const fs::path shown = pattern;
  const fs::path secret = shown / "course";
  fs::create_directories(secret);
  std::ofstream(run_dir->path() / "ex1.py") << "print('hello')\n";
  std::ofstream(secret / "solution.py") << "secret\n";
  ViewOptions options;
  options.run_dir = fs::canonical(run_dir->path());
  options.fresh_proc = support.fresh_proc;
  options.hidden = {secret};
  options.extra_read_only = {shown};
  Restrictions r;
  r.user_namespace = support.user_namespace;
  r.uid_map = support.uid_map;
  r.gid_map = support.gid_map;
  r.view = plan_private_view(options);
  const std::string script =
      "import os\n"
      "print(sorted(os.listdir('/')))\n"
      "print(os.getcwd() == " +
      std::string("'") + options.run_dir.string() +
      "')\n"
      "print(os.listdir('.'))\n"
      "print(os.listdir('" +
      secret.string() +
      "'))\n"
      "open('/tmp/x', 'w').write('x')\n"
      "try:\n  open('/usr/grade-test', 'w')\nexcept OSError as e:\n  print(e.errno)\n";
  const run::RunResult result =
      testing::run_restricted({"/usr/bin/python3", "-c", script}, r, run_dir->path());
  ASSERT_EQ(result.exit_code, 0) << result.err.data;
  const std::string& out = result.out.data;
  EXPECT_NE(out.find("True\n['ex1.py']\n[]\n30\n"), std::string::npos) << out;
  EXPECT_NE(out.find("'proc'"), std::string::npos) << out;
  EXPECT_EQ(out.find("'home'"), std::string::npos) << out;
  fs::remove_all(shown);
}

}  // namespace
}  // namespace grade::isolate
