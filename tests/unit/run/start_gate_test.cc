#include "run/start_gate.h"

#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace grade::run {
namespace {

StartGate make_gate() {
  Expected<StartGate> gate = StartGate::create();
  EXPECT_TRUE(gate.has_value());
  return std::move(gate).value();
}

// As the child writes it, in one write.
void child_reports(const ChildGate& child, int error, const std::string& step) {
  ChildFailure failure;
  failure.error = error;
  std::memcpy(failure.step, step.data(), std::min(step.size(), sizeof failure.step));
  ASSERT_EQ(::write(child.exec_error, &failure, sizeof failure),
            static_cast<ssize_t>(sizeof failure));
}

TEST(StartGate, TheChildSideHasThreeDistinctOpenEnds) {
  const StartGate gate = make_gate();
  const ChildGate child = gate.child_side();
  for (const int fd : {child.go, child.parent_go, child.exec_error}) {
    EXPECT_GE(fd, 0);
    EXPECT_NE(::fcntl(fd, F_GETFD), -1) << "fd " << fd << " is not open";
  }
  EXPECT_NE(child.go, child.parent_go);
  EXPECT_NE(child.go, child.exec_error);
  EXPECT_NE(child.parent_go, child.exec_error);
}

TEST(StartGate, EveryEndIsCloseOnExec) {
  // A program exec'd by another run must not hold this run's gate open.
  const StartGate gate = make_gate();
  const ChildGate child = gate.child_side();
  for (const int fd : {child.go, child.parent_go, child.exec_error}) {
    EXPECT_NE(::fcntl(fd, F_GETFD) & FD_CLOEXEC, 0) << "fd " << fd;
  }
}

TEST(StartGate, OpeningSendsOneByteToTheChild) {
  StartGate gate = make_gate();
  const ChildGate child = gate.child_side();
  ASSERT_TRUE(gate.open().has_value());
  char byte = 0;
  EXPECT_EQ(::read(child.go, &byte, 1), 1);
  // Nothing more: the child reads exactly one byte before its exec.
  ASSERT_EQ(::fcntl(child.go, F_SETFL, O_NONBLOCK), 0);
  EXPECT_EQ(::read(child.go, &byte, 1), -1);
  EXPECT_EQ(errno, EAGAIN);
}

TEST(StartGate, OpeningForAChildThatIsGoneFailsWithoutSigpipe) {
  // With the child's end closed (as when the child died), sending must fail with EPIPE and
  // leave this process alive: SIGPIPE's default action would end it.
  StartGate gate = make_gate();
  gate.close_child_side();
  const Expected<void> opened = gate.open();
  ASSERT_FALSE(opened.has_value());
  EXPECT_NE(opened.error().find("could not let the program start"), std::string::npos)
      << opened.error();
  EXPECT_NE(opened.error().find("EPIPE"), std::string::npos) << opened.error();
}

TEST(StartGate, ClosingTheChildSideLeavesTheGradersEndOpen) {
  StartGate gate = make_gate();
  const int parent_go = gate.child_side().parent_go;
  gate.close_child_side();
  const ChildGate after = gate.child_side();
  EXPECT_EQ(after.go, -1);
  EXPECT_EQ(after.exec_error, -1);
  EXPECT_EQ(after.parent_go, parent_go);
  EXPECT_NE(::fcntl(parent_go, F_GETFD), -1);
}

TEST(StartGate, NoExecErrorWhileTheChildMayStillWriteOne) {
  // Never blocks: the write end is still open here, as in a child that has not exec'd yet.
  const StartGate gate = make_gate();
  EXPECT_FALSE(gate.exec_error().has_value());
}

TEST(StartGate, NoExecErrorAfterASuccessfulExec) {
  // The exec closed the child's end (close-on-exec) and nothing was written: end of file.
  StartGate gate = make_gate();
  gate.close_child_side();
  EXPECT_FALSE(gate.exec_error().has_value());
}

// What the grader reads after the child reported `error` at `step` and went away.
std::optional<ChildFailure> reported(int error, const std::string& step) {
  StartGate gate = make_gate();
  child_reports(gate.child_side(), error, step);
  gate.close_child_side();
  return gate.exec_error();
}

TEST(StartGate, TheChildsFailureComesBackWithItsStep) {
  const std::optional<ChildFailure> failure = reported(ENOENT, "chdir to the working directory");
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, ENOENT);
  EXPECT_STREQ(failure->step, "chdir to the working directory");
}

TEST(StartGate, AnExecveFailureHasAnEmptyStep) {
  const std::optional<ChildFailure> failure = reported(EACCES, "");
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, EACCES);
  EXPECT_STREQ(failure->step, "");
}

TEST(StartGate, AStepWithoutTerminatorIsCutToFit) {
  const std::optional<ChildFailure> failure =
      reported(EPERM, std::string(sizeof ChildFailure{}.step, 'x'));
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(std::string(failure->step), std::string(sizeof failure->step - 1, 'x'));
}

TEST(StartGate, AHalfWrittenRecordIsNotAFailure) {
  // The child writes the record in one write; anything shorter is not one.
  StartGate gate = make_gate();
  const int error = ENOENT;
  ASSERT_EQ(::write(gate.child_side().exec_error, &error, sizeof error),
            static_cast<ssize_t>(sizeof error));
  gate.close_child_side();
  EXPECT_FALSE(gate.exec_error().has_value());
}

}  // namespace
}  // namespace grade::run
