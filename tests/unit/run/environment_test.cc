#include "run/environment.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace grade::run {
namespace {

// An environ-style array over `entries`.
class FakeEnviron {
 public:
  explicit FakeEnviron(std::vector<std::string> entries) : entries_(std::move(entries)) {
    for (std::string& e : entries_) {
      pointers_.push_back(e.data());
    }
    pointers_.push_back(nullptr);
  }
  char** get() { return pointers_.data(); }

 private:
  std::vector<std::string> entries_;
  std::vector<char*> pointers_;
};

bool has(const std::vector<std::string>& env, const std::string& entry) {
  return std::find(env.begin(), env.end(), entry) != env.end();
}

bool has_key(const std::vector<std::string>& env, std::string_view key) {
  return find_variable(env, key).has_value();
}

TEST(SubmissionEnvironmentTest, KeepsTheAllowlistAndAddsFixedSettings) {
  FakeEnviron parent({"PATH=/opt/bin:/usr/bin", "LANG=de_DE.UTF-8", "TZ=Europe/Berlin",
                      "TMPDIR=/var/tmp/me", "HOME=/home/student", "TERM=xterm-256color"});
  const auto env = submission_environment("/tmp/work", parent.get());
  EXPECT_TRUE(has(env, "PATH=/opt/bin:/usr/bin"));
  EXPECT_TRUE(has(env, "LANG=de_DE.UTF-8"));
  EXPECT_TRUE(has(env, "TZ=Europe/Berlin"));
  EXPECT_TRUE(has(env, "TMPDIR=/tmp/work"));  // the run folder, not the grader's
  EXPECT_TRUE(has(env, "HOME=/tmp/work"));
  EXPECT_TRUE(has(env, "TERM=dumb"));
  EXPECT_TRUE(has(env, "PYTHONDONTWRITEBYTECODE=1"));
  EXPECT_TRUE(has(env, "PYTHONIOENCODING=utf-8"));
  EXPECT_FALSE(has(env, "HOME=/home/student"));
  EXPECT_FALSE(has(env, "TERM=xterm-256color"));
}

TEST(SubmissionEnvironmentTest, DropsVariablesThatChangeHowPythonRuns) {
  FakeEnviron parent({"PATH=/usr/bin", "PYTHONUNBUFFERED=1", "PYTHONPATH=/evil",
                      "PYTHONSTARTUP=/evil/start.py", "PYTHONHOME=/evil", "PYENV_VERSION=3.12",
                      "VIRTUAL_ENV=/venv", "SECRET_TOKEN=abc"});
  const auto env = submission_environment("/tmp/work", parent.get());
  for (const char* key : {"PYTHONUNBUFFERED", "PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME",
                          "PYENV_VERSION", "VIRTUAL_ENV", "SECRET_TOKEN"}) {
    EXPECT_FALSE(has_key(env, key)) << key;
  }
}

TEST(SubmissionEnvironmentTest, FillsInDefaultsForAnEmptyParent) {
  const auto env = submission_environment("/w", nullptr);
  EXPECT_TRUE(has(env, "PATH=/usr/local/bin:/usr/bin:/bin"));
  EXPECT_TRUE(has(env, "LANG=C.UTF-8"));
  EXPECT_TRUE(has(env, "HOME=/w"));
  EXPECT_FALSE(has_key(env, "TZ"));
  EXPECT_FALSE(has_key(env, "LC_ALL"));
}

TEST(SubmissionEnvironmentTest, KeepsLcAllWithoutInventingLang) {
  FakeEnviron parent({"LC_ALL=fr_FR.UTF-8"});
  const auto env = submission_environment("/w", parent.get());
  EXPECT_TRUE(has(env, "LC_ALL=fr_FR.UTF-8"));
  EXPECT_FALSE(has_key(env, "LANG"));
}

TEST(SubmissionEnvironmentTest, FindsVariablesExactly) {
  const std::vector<std::string> env{"PATHX=no", "PATH=/bin", "PATH=/second", "EMPTY="};
  EXPECT_EQ(find_variable(env, "PATH"), "/bin");
  EXPECT_EQ(find_variable(env, "EMPTY"), "");
  EXPECT_FALSE(find_variable(env, "PAT").has_value());
  EXPECT_FALSE(find_variable(static_cast<char**>(nullptr), "PATH").has_value());
}

}  // namespace
}  // namespace grade::run
