#include "isolate/sandbox.h"

#include <filesystem>
#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace grade::isolate {
namespace {

NamespaceSupport everything(uid_t uid = 0) {
  NamespaceSupport support;
  support.user_namespace = uid != 0;
  support.uid_map = std::to_string(uid) + " " + std::to_string(uid) + " 1";
  support.gid_map = support.uid_map;
  support.fresh_proc = uid == 0;
  support.landlock_abi = 6;
  return support;
}

NamespaceSupport without_network(const std::string& why) {
  NamespaceSupport support = everything();
  support.network_problem = why;
  return support;
}

NamespaceSupport missing_namespaces(uid_t uid) {
  NamespaceSupport support = everything(uid);
  support.network_problem = "user namespace: Operation not permitted (EPERM)";
  support.private_view_problem = "user namespace: Operation not permitted (EPERM)";
  return support;
}

bool has_protection(const SandboxPlan& plan, const std::string& name, bool in_place) {
  for (const Protection& p : plan.protections) {
    if (p.name == name) {
      return p.in_place == in_place;
    }
  }
  return false;
}

namespace fs = std::filesystem;

constexpr uid_t kNobody = 65534;

TEST(SandboxTest, RootGivesEachRunAUidOfTheRangeWithoutNetwork) {
  auto plan = plan_sandbox(SandboxOptions{}, 0, everything());
  ASSERT_TRUE(plan) << plan.error();
  ASSERT_TRUE(plan->run_uids);
  EXPECT_EQ(plan->run_uids->text(), "60500-60999");
  ASSERT_TRUE(plan->user);  // the stand-in for the permission checks
  EXPECT_EQ(plan->user->name, "in uid range 60500-60999");
  EXPECT_GE(plan->user->identity.uid, 60500U);
  EXPECT_LE(plan->user->identity.uid, 60999U);
  EXPECT_EQ(plan->user->identity.gid, plan->user->identity.uid);
  EXPECT_TRUE(plan->user->identity.groups.empty());
  EXPECT_TRUE(plan->no_network);
  EXPECT_TRUE(plan->notes.empty());
}

TEST(SandboxTest, ARunOfTheRangeRunsAsItsLeasedUid) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "leasing uids needs root";
  }
  auto plan = plan_sandbox(SandboxOptions{"", true, "61000-61096"}, 0, everything());
  ASSERT_TRUE(plan) << plan.error();
  auto first = plan->begin_run();
  ASSERT_TRUE(first) << first.error();
  auto second = plan->begin_run();
  ASSERT_TRUE(second) << second.error();
  ASSERT_TRUE(first->user() && second->user());
  const uid_t uid = first->user()->identity.uid;
  EXPECT_NE(uid, second->user()->identity.uid) << "two runs at once never share a uid";
  EXPECT_GE(uid, 61000U);
  EXPECT_LE(uid, 61096U);

  Restrictions r;
  first->apply_to(r);
  EXPECT_EQ(r.uid, uid);
  EXPECT_EQ(r.gid, static_cast<gid_t>(uid));
  EXPECT_TRUE(r.no_network);
  EXPECT_TRUE(first->end());
  EXPECT_TRUE(second->end());
}

TEST(SandboxTest, AFixedUserIsSharedAndNeverSwept) {
  auto plan = plan_sandbox(SandboxOptions{"nobody", false, ""}, 0, everything());
  ASSERT_TRUE(plan) << plan.error();
  EXPECT_FALSE(plan->run_uids);
  auto sandbox = plan->begin_run();
  ASSERT_TRUE(sandbox) << sandbox.error();
  ASSERT_TRUE(sandbox->user());
  EXPECT_EQ(sandbox->user()->name, "nobody");
  Restrictions r;
  sandbox->apply_to(r);
  EXPECT_EQ(r.uid, kNobody);
  EXPECT_EQ(r.gid, sandbox->user()->identity.gid);
  EXPECT_FALSE(r.no_network);
  EXPECT_TRUE(sandbox->end());  // nothing to sweep: other gradings run as nobody too
}

TEST(SandboxTest, TheUidRangeIsChecked) {
  auto bad = plan_sandbox(SandboxOptions{"", true, "60999-60500"}, 0, everything());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(),
            "'60999-60500' is not a range of uids: give FIRST-LAST with 1 <= FIRST <= LAST <= "
            "2147483646, e.g. 60500-60999");
  auto both = plan_sandbox(SandboxOptions{"nobody", true, "60500-60999"}, 0, everything());
  ASSERT_FALSE(both);
  EXPECT_NE(both.error().find("exclude each other"), std::string::npos) << both.error();
  auto not_root = plan_sandbox(SandboxOptions{"", true, "60500-60999"}, 1000, everything());
  ASSERT_FALSE(not_root);
  EXPECT_NE(not_root.error().find("needs the grader to run as root"), std::string::npos);
  auto accounts = plan_sandbox(SandboxOptions{"", true, "0-0"}, 0, everything());
  EXPECT_FALSE(accounts);
  auto root_only = plan_sandbox(SandboxOptions{"", true, "65534-65534"}, 0, everything());
  ASSERT_FALSE(root_only);  // nobody's
  EXPECT_NE(root_only.error().find("every uid of 65534-65534 has an account"), std::string::npos)
      << root_only.error();
}

TEST(SandboxTest, SaysWhyTheNetworkStays) {
  auto plan = plan_sandbox(SandboxOptions{}, 0,
                           without_network("unshare: Operation not permitted (EPERM)"));
  ASSERT_TRUE(plan);
  EXPECT_FALSE(plan->no_network);
  ASSERT_EQ(plan->notes.size(), 1U);
  EXPECT_EQ(plan->notes[0],
            "the network could not be cut off here: unshare: Operation not permitted (EPERM).");
  EXPECT_TRUE(has_protection(*plan, "network", false));

  auto asked_not = plan_sandbox(SandboxOptions{"", false, ""}, 0, everything());
  ASSERT_TRUE(asked_not);
  EXPECT_FALSE(asked_not->no_network);
  EXPECT_TRUE(asked_not->notes.empty());
}

TEST(SandboxTest, ANormalUserRunsSubmissionsAsItselfInNamespacesOfItsOwn) {
  auto plan = plan_sandbox(SandboxOptions{}, 1000, everything(1000));
  ASSERT_TRUE(plan);
  EXPECT_FALSE(plan->user);
  EXPECT_TRUE(plan->no_network) << "the same as on the server";
  EXPECT_TRUE(plan->notes.empty());
  EXPECT_TRUE(has_protection(*plan, "own_uid", false));
  auto sandbox = plan->begin_run();
  ASSERT_TRUE(sandbox);
  Restrictions r;
  sandbox->apply_to(r, "/tmp/grade-run-x");
  EXPECT_FALSE(r.uid);
  EXPECT_TRUE(r.no_network);
  EXPECT_TRUE(r.user_namespace);
  EXPECT_EQ(r.uid_map, "1000 1000 1");
  ASSERT_TRUE(r.view);
  EXPECT_FALSE(r.view->change_owner);
  EXPECT_FALSE(r.view->fresh_proc);

  auto kernel_says_no = plan_sandbox(SandboxOptions{}, 1000, missing_namespaces(1000));
  ASSERT_TRUE(kernel_says_no);
  EXPECT_FALSE(kernel_says_no->no_network);
  EXPECT_TRUE(has_protection(*kernel_says_no, "private_view", false));
  EXPECT_EQ(kernel_says_no->notes.size(), 2U) << "the network and the view are missing";
  auto plain = kernel_says_no->begin_run();
  ASSERT_TRUE(plain);
  Restrictions none;
  plain->apply_to(none, "/tmp/grade-run-x");
  EXPECT_FALSE(none.view);
  EXPECT_FALSE(none.user_namespace);

  auto other = plan_sandbox(SandboxOptions{"nobody", true, ""}, 1000, everything());
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error(),
            "running submissions as user nobody needs the grader to run as root; it runs as "
            "uid 1000");
  EXPECT_TRUE(plan_sandbox(SandboxOptions{"1000:1000", true, ""}, 1000, everything()));
}

TEST(SandboxTest, RunningAsRootIsAllowedButNoted) {
  auto plan = plan_sandbox(SandboxOptions{"root", true, ""}, 0, everything());
  ASSERT_TRUE(plan);
  EXPECT_FALSE(plan->user);
  ASSERT_EQ(plan->notes.size(), 1U);
  EXPECT_NE(plan->notes[0].find("run as root"), std::string::npos);
}

TEST(SandboxTest, AnUnknownUserIsASetupError) {
  auto plan = plan_sandbox(SandboxOptions{"no-such-user-grade", true, ""}, 0, everything());
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error(),
            "cannot run submissions as 'no-such-user-grade': there is no user "
            "'no-such-user-grade' on this system");
}

TEST(SandboxTest, TheNetworkProbeIsMadeOnce) {
  const auto& first = network_namespace_problem();
  EXPECT_EQ(&first, &network_namespace_problem());
  if (::geteuid() == 0) {
    EXPECT_FALSE(first) << *first;  // root may unshare here (no seccomp forbids it)
  }
}

TEST(SandboxTest, HandsTheRunFolderOverToTheRunUser) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "changing owners needs root";
  }
  auto dir = TempDir::create("grade-sandbox-test-");
  ASSERT_TRUE(dir);
  const fs::path submission = dir->path() / "ex1.py";
  std::ofstream(submission) << "print('hi')\n";
  fs::permissions(submission, fs::perms(0600));  // as copied from a private file
  fs::create_symlink("/etc/passwd", dir->path() / "link");

  auto plan = plan_sandbox(SandboxOptions{"nobody", true, ""}, 0, everything());
  ASSERT_TRUE(plan);
  ASSERT_TRUE(hand_over(dir->path(), plan->user));
  struct stat info {};
  ASSERT_EQ(::stat(dir->path().c_str(), &info), 0);
  EXPECT_EQ(info.st_uid, kNobody);
  EXPECT_EQ(info.st_mode & 07777, 0700U);
  ASSERT_EQ(::stat(submission.c_str(), &info), 0);
  EXPECT_EQ(info.st_uid, kNobody);
  EXPECT_TRUE(permits(info.st_mode, info.st_uid, info.st_gid, plan->user->identity, kRead));
  ASSERT_EQ(::lstat((dir->path() / "link").c_str(), &info), 0);
  EXPECT_EQ(info.st_uid, kNobody);
  ASSERT_EQ(::stat("/etc/passwd", &info), 0);
  EXPECT_EQ(info.st_uid, 0U) << "the link's target must not change hands";
}

TEST(SandboxTest, ARunFolderTheRunUserCannotReachIsAnError) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "changing owners needs root";
  }
  auto dir = TempDir::create("grade-sandbox-test-");  // 0700: closed to nobody
  ASSERT_TRUE(dir);
  fs::create_directory(dir->path() / "run");
  auto plan = plan_sandbox(SandboxOptions{"nobody", true, ""}, 0, everything());
  ASSERT_TRUE(plan);
  auto handed = hand_over(dir->path() / "run", plan->user);
  ASSERT_FALSE(handed);
  EXPECT_EQ(handed.error(), "the run folder " + (dir->path() / "run").string() +
                                " cannot be reached by user nobody (" + dir->path().string() +
                                " is not searchable by it); set TMPDIR to a folder it can reach");
}

TEST(SandboxTest, FindsGraderFilesTheRunUserCouldChange) {
  auto dir = TempDir::create("grade-sandbox-test-");
  ASSERT_TRUE(dir);
  const fs::path course = dir->path() / "course";
  fs::create_directories(course / "exercises");
  std::ofstream(course / "course.yaml") << "id: x\n";
  std::ofstream(course / "exercises" / "ex1.yaml") << "id: ex1\n";
  fs::permissions(dir->path(), fs::perms(0755));
  fs::permissions(course, fs::perms(0755));
  fs::permissions(course / "exercises", fs::perms(0755));
  fs::permissions(course / "course.yaml", fs::perms(0644));
  fs::permissions(course / "exercises" / "ex1.yaml", fs::perms(0644));
  const Identity stranger{::getuid() + 4242, ::getgid() + 4242, {}};
  EXPECT_TRUE(writable_by({course}, stranger).empty());

  fs::permissions(course / "exercises" / "ex1.yaml", fs::perms(0666));
  std::vector<std::string> found = writable_by({course}, stranger);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0], (course / "exercises" / "ex1.yaml").string() + " (mode 0666, owner uid " +
                          std::to_string(::getuid()) + ")");

  // A folder above that anyone may write, without the sticky bit: the course can be replaced.
  fs::permissions(course / "exercises" / "ex1.yaml", fs::perms(0644));
  fs::permissions(dir->path(), fs::perms(0777));
  found = writable_by({course}, stranger);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_TRUE(found[0].starts_with(dir->path().string() + " (mode 0777")) << found[0];
  fs::permissions(dir->path(), fs::perms(01777));  // like /tmp
  EXPECT_TRUE(writable_by({course}, stranger).empty());
  EXPECT_TRUE(writable_by({dir->path() / "not-made-yet"}, stranger).empty());
}

// A course folder whose manifest anybody may write.
Expected<TempDir> course_anybody_may_change() {
  auto dir = TempDir::create("grade-sandbox-test-");
  if (dir) {
    fs::permissions(dir->path(), fs::perms(0755));
    std::ofstream(dir->path() / "course.yaml") << "id: x\n";
    fs::permissions(dir->path() / "course.yaml", fs::perms(0666));
  }
  return dir;
}

TEST(SandboxTest, RefusesToGradeWithWritableGraderFiles) {
  auto dir = course_anybody_may_change();
  ASSERT_TRUE(dir);
  SandboxPlan plan;
  EXPECT_TRUE(check_grader_files({dir->path()}, plan)) << "no run user: nothing to protect";
  plan.user = RunUser{"nobody", {kNobody, kNobody, {}}};
  auto checked = check_grader_files({dir->path()}, plan);
  ASSERT_FALSE(checked);
  EXPECT_TRUE(
      checked.error().starts_with("submissions run as user nobody, who could change "
                                  "files the grader relies on: " +
                                  (dir->path() / "course.yaml").string()))
      << checked.error();
}

TEST(SandboxTest, GraderFilesThePrivateViewHidesNeedNoLook) {
  auto dir = course_anybody_may_change();
  ASSERT_TRUE(dir);
  SandboxPlan plan;
  plan.user = RunUser{"nobody", {kNobody, kNobody, {}}};
  plan.containment.hidden.push_back(dir->path());
  EXPECT_FALSE(check_grader_files({dir->path() / "course.yaml"}, plan)) << "no view: looked at";
  plan.containment.private_view = true;
  EXPECT_TRUE(check_grader_files({dir->path() / "course.yaml"}, plan)) << "hidden: no run sees it";
  plan.containment.hidden = {dir->path() / "elsewhere"};
  EXPECT_FALSE(check_grader_files({dir->path() / "course.yaml"}, plan)) << "shown: looked at";
}

TEST(SandboxTest, TheRepositoryIsSafeForNobody) {
  // The course as checked out here: root-owned (or the developer's), 0644/0755.
  const fs::path source = GRADE_SOURCE_DIR;
  const Identity nobody{kNobody, kNobody, {}};
  const std::vector<std::string> found =
      writable_by({source / "course.yaml", source / "exercises", source / "solutions"}, nobody);
  EXPECT_TRUE(found.empty()) << found.front();
}

}  // namespace
}  // namespace grade::isolate
