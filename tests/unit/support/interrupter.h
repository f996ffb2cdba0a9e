// Test support for code that must go on after EINTR: signals a thread blocked in a system call
// until a handler installed without SA_RESTART has run a few times.
#pragma once

#include <atomic>
#include <chrono>
#include <thread>

#include <pthread.h>
#include <signal.h>  // NOLINT: sigaction is not in <csignal>

#include <gtest/gtest.h>

namespace grade::testing {

// While it lives, SIGUSR1 runs a handler that only counts, so that a system call it interrupts
// fails with EINTR instead of being restarted.
class Interrupter {
 public:
  Interrupter() {
    struct sigaction count {};
    count.sa_handler = [](int /*signal*/) { caught().fetch_add(1); };
    count.sa_flags = 0;  // no SA_RESTART
    EXPECT_EQ(::sigaction(SIGUSR1, &count, &old_), 0);
    caught() = 0;
  }
  Interrupter(const Interrupter&) = delete;
  Interrupter& operator=(const Interrupter&) = delete;
  ~Interrupter() { (void)::sigaction(SIGUSR1, &old_, nullptr); }

  // Signals `thread` every 20 ms until the handler has run `times` times: at least the later
  // signals find it blocked.
  void interrupt(std::thread& thread, int times = 3) {
    const int start = caught().load();
    while (caught().load() - start < times) {
      EXPECT_EQ(::pthread_kill(thread.native_handle(), SIGUSR1), 0);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

 private:
  static std::atomic<int>& caught() {
    static std::atomic<int> count{0};
    return count;
  }

  struct sigaction old_ {};
};

}  // namespace grade::testing
