#include "util/cpu_count.h"

#include <fstream>

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace grade {
namespace {

class CpuQuotaTest : public ::testing::Test {
 protected:
  void quota(const std::string& group, const std::string& cpu_max) {
    std::filesystem::create_directories(root() / group);
    std::ofstream(root() / group / "cpu.max") << cpu_max << '\n';
  }
  const std::filesystem::path& root() const { return dir_.path(); }

 private:
  TempDir dir_ = TempDir::create("grade-cgroup-").value();
};

TEST_F(CpuQuotaTest, RoundsTheQuotaUpToWholeCpus) {
  quota("kubepods/pod1", "250000 100000");
  EXPECT_EQ(cpus_from_quota(root(), "0::/kubepods/pod1\n"), 3);
  quota("half", "50000 100000");
  EXPECT_EQ(cpus_from_quota(root(), "0::/half\n"), 1);
}

TEST_F(CpuQuotaTest, NoQuotaMeansNoCap) {
  quota("free", "max 100000");
  EXPECT_EQ(cpus_from_quota(root(), "0::/free\n"), std::nullopt);
  EXPECT_EQ(cpus_from_quota(root(), "0::/missing\n"), std::nullopt);
  // cgroup v1 only: nothing to read.
  EXPECT_EQ(cpus_from_quota(root(), "4:memory:/x\n1:cpu:/\n"), std::nullopt);
  quota("garbled", "lots 100000");
  EXPECT_EQ(cpus_from_quota(root(), "0::/garbled\n"), std::nullopt);
}

TEST_F(CpuQuotaTest, ReadsTheV2LineAmongV1Ones) {
  quota("job", "200000 100000");
  EXPECT_EQ(cpus_from_quota(root(), "9:name=systemd:/\n1:cpu:/\n0::/job\n"), 2);
}

TEST_F(CpuQuotaTest, AQuotaOfAnAncestorHoldsBelowIt) {
  // A grader that moved into a leaf of its own below the limited cgroup.
  quota("job", "200000 100000");
  quota("job/grader/leaf", "max 100000");
  EXPECT_EQ(cpus_from_quota(root(), "0::/job/grader/leaf\n"), 2);
  // The lowest quota on the way wins.
  quota("job/grader", "100000 100000");
  EXPECT_EQ(cpus_from_quota(root(), "0::/job/grader/leaf\n"), 1);
}

TEST(UsableCpus, IsAtLeastOne) { EXPECT_GE(usable_cpus(), 1); }

// The affinity mask holds online CPUs only, and a quota only lowers the count: Python 3.11's
// os.cpu_count() (online) is never below what a run may use.
TEST(OnlineCpus, AreAtLeastTheUsableOnes) { EXPECT_GE(online_cpus(), usable_cpus()); }

}  // namespace
}  // namespace grade
