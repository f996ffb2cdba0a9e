// Telling the run's own signals from signals sent from outside, without processes.
#include "run/signal_origin.h"

#include <array>
#include <cstdint>
#include <string>

#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace grade::run {
namespace {

using Args = std::array<std::uint64_t, 6>;

std::uint64_t arg(int value) {
  return static_cast<std::uint64_t>(static_cast<std::int64_t>(value));
}

TEST(SignalOriginTest, DecodesEveryCallOfTheKillFamily) {
  auto kill = decode_signal_send(SYS_kill, Args{arg(42), arg(SIGTERM)});
  ASSERT_TRUE(kill);
  EXPECT_EQ(kill->signal, SIGTERM);
  EXPECT_EQ(kill->target, 42);
  EXPECT_FALSE(kill->target_is_thread);

  auto tkill = decode_signal_send(SYS_tkill, Args{arg(43), arg(SIGKILL)});
  ASSERT_TRUE(tkill);
  EXPECT_EQ(tkill->signal, SIGKILL);
  EXPECT_EQ(tkill->target, 43);
  EXPECT_TRUE(tkill->target_is_thread);

  auto tgkill = decode_signal_send(SYS_tgkill, Args{arg(44), arg(45), arg(SIGABRT)});
  ASSERT_TRUE(tgkill);
  EXPECT_EQ(tgkill->signal, SIGABRT);
  EXPECT_EQ(tgkill->target, 44);

  auto queue = decode_signal_send(SYS_rt_sigqueueinfo, Args{arg(46), arg(SIGUSR1), 0});
  ASSERT_TRUE(queue);
  EXPECT_EQ(queue->signal, SIGUSR1);
  EXPECT_EQ(queue->target, 46);

  auto tgqueue = decode_signal_send(SYS_rt_tgsigqueueinfo, Args{arg(47), arg(48), arg(SIGUSR2)});
  ASSERT_TRUE(tgqueue);
  EXPECT_EQ(tgqueue->signal, SIGUSR2);
  EXPECT_EQ(tgqueue->target, 47);

  auto pidfd = decode_signal_send(SYS_pidfd_send_signal, Args{arg(3), arg(SIGKILL), 0, 0});
  ASSERT_TRUE(pidfd);
  EXPECT_EQ(pidfd->signal, SIGKILL);
  EXPECT_EQ(pidfd->target, 0);  // not resolved: any process

  auto pdeathsig = decode_signal_send(SYS_prctl, Args{PR_SET_PDEATHSIG, arg(SIGKILL)});
  ASSERT_TRUE(pdeathsig);
  EXPECT_EQ(pdeathsig->signal, SIGKILL);
  EXPECT_TRUE(pdeathsig->target_is_caller);
  EXPECT_FALSE(decode_signal_send(SYS_prctl, Args{PR_SET_NAME, 0}));
}

TEST(SignalOriginTest, GroupsAndEveryoneAreAnyProcessAndSignalZeroIsNoSend) {
  for (const int pid : {0, -1, -4100}) {
    auto send = decode_signal_send(SYS_kill, Args{arg(pid), arg(SIGKILL)});
    ASSERT_TRUE(send) << pid;
    EXPECT_EQ(send->target, 0) << pid;
  }
  EXPECT_FALSE(decode_signal_send(SYS_kill, Args{arg(42), 0}));
  EXPECT_FALSE(decode_signal_send(SYS_getpid, Args{}));
}

TEST(SignalOriginTest, SentSignalsMatchTheirTargetOrAnyone) {
  SentSignals sent;
  sent.note(SIGKILL, 100);
  EXPECT_TRUE(sent.may_have_sent(SIGKILL, 100));
  EXPECT_FALSE(sent.may_have_sent(SIGKILL, 101));
  EXPECT_FALSE(sent.may_have_sent(SIGTERM, 100));
  sent.note(SIGTERM, 0);  // a group, or everyone
  EXPECT_TRUE(sent.may_have_sent(SIGTERM, 12345));
  EXPECT_FALSE(sent.may_have_sent(SIGKILL, 12345));
}

TEST(SignalOriginTest, PastTheCapASignalCountsAsSentToAnyone) {
  SentSignals sent;
  for (pid_t pid = 1; pid <= static_cast<pid_t>(SentSignals::kMaxTargets); ++pid) {
    sent.note(SIGUSR1, pid);
  }
  EXPECT_FALSE(sent.may_have_sent(SIGUSR1, 999'999));
  sent.note(SIGUSR1, 999'998);
  EXPECT_TRUE(sent.may_have_sent(SIGUSR1, 999'999));
  EXPECT_FALSE(sent.may_have_sent(SIGUSR2, 999'999));
}

TEST(SignalOriginTest, CommandNamesArePrintable) {
  const std::string own = command_name(::getpid());
  ASSERT_FALSE(own.empty());
  // This thread is the process's main thread, whose name /proc/<pid>/comm shows.
  ASSERT_EQ(::prctl(PR_SET_NAME, "\x1b]0;x\a\xc3\xa9", 0, 0, 0), 0);
  const std::string named = command_name(::getpid());
  ASSERT_EQ(::prctl(PR_SET_NAME, own.c_str(), 0, 0, 0), 0);
  EXPECT_EQ(named, "?]0;x???");
  EXPECT_EQ(command_name(0), "");
}

TEST(SignalOriginTest, SendersAreRemembered) {
  SentSignals sent;
  EXPECT_FALSE(sent.is_sender(4100));
  sent.note_sender(4100);
  EXPECT_TRUE(sent.is_sender(4100));
}

TEST(SignalOriginTest, OnlyKillAndItsKinNameASender) {
  siginfo_t info{};
  for (const int code : {int{SI_USER}, int{SI_QUEUE}, int{SI_TKILL}}) {
    info.si_code = code;
    EXPECT_TRUE(sent_by_a_process(info)) << code;
  }
  for (const int code : {int{SI_KERNEL}, int{SI_TIMER}, int{CLD_EXITED}, int{SEGV_MAPERR}}) {
    info.si_code = code;
    EXPECT_FALSE(sent_by_a_process(info)) << code;
  }
}

TEST(SignalOriginTest, DescribesTheSenderWhenKnown) {
  EXPECT_EQ(describe(OutsideSignal{SIGTERM, 4100, 4242, 0, "sh"}),
            "SIGTERM from PID 4242 (sh, uid 0), a process outside the run, reached PID 4100");
  EXPECT_EQ(describe(OutsideSignal{SIGINT, 4100, 4242, std::nullopt, {}}),
            "SIGINT from PID 4242, a process outside the run, reached PID 4100");
  const std::string sigkill = describe(OutsideSignal{SIGKILL, 4100, std::nullopt, {}, {}});
  EXPECT_EQ(sigkill.rfind("SIGKILL from outside the run reached PID 4100", 0), 0U) << sigkill;
  EXPECT_NE(sigkill.find("the kernel does not say who sends SIGKILL"), std::string::npos);
}

}  // namespace
}  // namespace grade::run
