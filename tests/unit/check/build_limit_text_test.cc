#include "check/build_limit_text.h"

#include <gtest/gtest.h>

#include "spec/course.h"

namespace grade::check {
namespace {

TEST(BuildLimitText, NamesTheLimitAndItsValue) {
  spec::Limits limits = spec::default_build_limits();
  limits.file_bytes = std::size_t{64} << 20;
  EXPECT_EQ(describe_build_limit(run::Verdict::kWallTimeout, limits), "time limit (60 s)");
  EXPECT_EQ(describe_build_limit(run::Verdict::kMemoryLimit, limits),
            "memory limit (1024 MiB per process)");
  EXPECT_EQ(describe_build_limit(run::Verdict::kFileSizeLimit, limits),
            "file-size limit (64 MiB per file)");
  EXPECT_EQ(describe_build_limit(run::Verdict::kTaskLimit, limits),
            "limit of processes and threads (64 processes and threads)");
  limits.cpu_time = std::chrono::milliseconds(1500);
  EXPECT_EQ(describe_build_limit(run::Verdict::kCpuLimit, limits),
            "processor-time limit (1.5 s of processor time per process)");
}

}  // namespace
}  // namespace grade::check
