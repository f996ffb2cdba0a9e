// A batch parent killed with SIGKILL while writing leaves a gradebook that opens, passes
// SQLite's integrity check and holds only whole attempts.
#include <chrono>
#include <random>
#include <string>
#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "batch/gradebook.h"
#include "gradebook_support.h"

namespace grade::batch {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): test helpers
using Mode = Gradebook::Mode;

constexpr int kChecks = 40;
constexpr std::size_t kDocumentBytes = 20'000;  // several pages per attempt

Attempt big_attempt(int n) {
  Attempt a = missing_attempt(context(fmt::format("s{:05}", n), "ex1", at(n % 60)), 0);
  a.status = AttemptStatus::kFailed;
  a.content_sha256 = std::string(64, 'a');
  a.result_json = std::string(kDocumentBytes, 'x');
  for (int k = 0; k < kChecks; ++k) {
    a.checks.push_back({fmt::format("c{}", k), "title", check::CheckStatus::kFail, 0, 1});
  }
  return a;
}

// In the child: records attempts until killed. Never returns into the test framework.
[[noreturn]] void write_forever(const std::filesystem::path& file, int first) {
  try {
    Gradebook book = Gradebook::open(file, Mode::kCreate, kCourse);
    for (int n = first;; ++n) {
      book.record(big_attempt(n));
    }
  } catch (...) {
    ::_exit(2);
  }
}

TEST(GradebookCrash, SigkillWhileWritingLeavesOnlyWholeAttempts) {
  const GradebookDir dir;
  (void)Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  std::mt19937 random(12345);
  std::int64_t recorded = 0;
  for (int round = 0; round < 4; ++round) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      write_forever(dir.file(), (round + 1) * 100'000);
    }
    // Let it get going, then kill it at a moment of no particular choosing.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (query_int(dir.file(), "SELECT count(*) FROM attempts") < recorded + 10 &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::this_thread::sleep_for(std::chrono::microseconds(random() % 20'000));
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer ended by itself, status " << status;

    EXPECT_EQ(query_text(dir.file(), "PRAGMA integrity_check"), "ok");
    EXPECT_EQ(query_int(dir.file(), "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    EXPECT_EQ(query_int(dir.file(),
                        fmt::format("SELECT count(*) FROM attempts AS a WHERE length(result_json) "
                                    "<> {} OR (SELECT count(*) FROM check_results AS c WHERE "
                                    "c.attempt_id = a.attempt_id) <> {}",
                                    kDocumentBytes, kChecks)),
              0);
    const std::int64_t now = query_int(dir.file(), "SELECT count(*) FROM attempts");
    EXPECT_GE(now, recorded + 10);
    recorded = now;
  }
  // And the gradebook goes on.
  Gradebook book = Gradebook::open(dir.file(), Mode::kCreate, kCourse);
  book.record(big_attempt(1));
  EXPECT_EQ(query_int(dir.file(), "SELECT count(*) FROM attempts"), recorded + 1);
}

}  // namespace
}  // namespace grade::batch
