// Reading task ids and start times from /proc.
#include "util/proc_info.h"

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <pthread.h>
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

TEST(ProcInfoTest, CommandLineIsTheArgumentsJoinedAndCut) {
  const auto line = read_command_line(::getpid(), 4096);
  ASSERT_TRUE(line) << line.error();
  EXPECT_NE(line->find("grade_unit_tests"), std::string::npos) << *line;
  EXPECT_EQ(line->find('\0'), std::string::npos);
  const auto cut = read_command_line(::getpid(), 5);
  ASSERT_TRUE(cut);
  EXPECT_EQ(cut->size(), 5U);
  EXPECT_FALSE(read_command_line(-1, 10));
}

TEST(ProcInfoTest, CpuTimeOfOneTaskGrowsAsItWorks) {
  const pid_t self = static_cast<pid_t>(::syscall(SYS_gettid));
  const auto before = read_task_cpu_seconds(self);
  ASSERT_TRUE(before) << before.error();
  volatile unsigned long sink = 0;
  for (unsigned long i = 0; i < 20'000'000UL; ++i) {
    sink = sink + i;
  }
  const auto after = read_task_cpu_seconds(self);
  ASSERT_TRUE(after);
  EXPECT_GT(*after, *before);
  EXPECT_FALSE(read_task_cpu_seconds(-1));
}

TEST(ProcInfoTest, ATaskNameIsWhatTheThreadCalledItselfWithoutTheNewline) {
  std::string named;
  std::string main_name;
  std::thread([&] {
    (void)::pthread_setname_np(::pthread_self(), "fifteen-bytes-x");
    const auto name = read_task_name(static_cast<pid_t>(::syscall(SYS_gettid)));
    named = name ? *name : name.error();
  }).join();
  EXPECT_EQ(named, "fifteen-bytes-x");
  EXPECT_EQ(named.size(), kMaxTaskName);
  const auto own = read_task_name(::getpid());
  const auto program = read_program(::getpid());
  ASSERT_TRUE(own && program);
  EXPECT_EQ(*own, std::filesystem::path(*program).filename().string().substr(0, kMaxTaskName))
      << "the executable's name, cut at 15 bytes";
  EXPECT_FALSE(read_task_name(-1));
}

TEST(ProcInfoTest, AnFdIsKnownByItsFileWhateverItsNumber) {
  std::array<int, 2> ends{};
  ASSERT_EQ(::pipe(ends.data()), 0);
  const int copy = ::dup(ends[1]);
  const auto original = read_fd_identity(::getpid(), ends[1]);
  const auto duplicate = read_fd_identity(::getpid(), copy);
  const auto own = fd_identity(ends[1]);
  const auto other_end = fd_identity(ends[0]);
  ASSERT_TRUE(original && duplicate && own && other_end);
  EXPECT_EQ(*original, *duplicate);
  EXPECT_EQ(*original, *own);
  EXPECT_EQ(*original, *other_end);  // both ends are the same pipe
  int other[2];
  ASSERT_EQ(::pipe(other), 0);
  EXPECT_FALSE(*fd_identity(other[1]) == *own);
  for (const int fd : {ends[0], ends[1], copy, other[0], other[1]}) {
    ::close(fd);
  }
  EXPECT_FALSE(read_fd_identity(::getpid(), copy));
}

}  // namespace
}  // namespace grade
