// Reading task ids and start times from /proc.
#include "util/proc_info.h"

#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <sys/syscall.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace grade {
namespace {

TEST(ProcInfoTest, ThreadIdsNameTheirProcess) {
  const auto self = read_task_ids(::getpid());
  ASSERT_TRUE(self) << self.error();
  EXPECT_EQ(self->tgid, ::getpid());
  EXPECT_EQ(self->ppid, ::getppid());
  pid_t thread_ids = 0;
  pid_t thread_tgid = 0;
  std::thread([&] {
    thread_ids = static_cast<pid_t>(::syscall(SYS_gettid));
    const auto ids = read_task_ids(thread_ids);
    thread_tgid = ids ? ids->tgid : -1;
  }).join();
  EXPECT_NE(thread_ids, ::getpid());
  EXPECT_EQ(thread_tgid, ::getpid());
  EXPECT_FALSE(read_task_ids(0).has_value());
}

TEST(ProcInfoTest, StartTicksIsField22OfStat) {
  std::ifstream file("/proc/self/stat");
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::istringstream after_comm(text.substr(text.rfind(')') + 2));
  std::string field;
  for (int number = 3; number <= 22; ++number) {
    after_comm >> field;
  }
  const auto ticks = read_start_ticks(::getpid());
  ASSERT_TRUE(ticks) << ticks.error();
  EXPECT_EQ(std::to_string(*ticks), field);
}

TEST(ProcInfoTest, ProgramIsTheExecutable) {
  const auto program = read_program(::getpid());
  ASSERT_TRUE(program) << program.error();
  EXPECT_EQ(program->front(), '/');
}

}  // namespace
}  // namespace grade
